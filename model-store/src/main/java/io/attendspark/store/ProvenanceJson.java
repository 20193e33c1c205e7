package io.attendspark.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code provenance.json}: indented, unknown fields written as {@code null}, unknown fields ignored on read. */
final class ProvenanceJson {
    static final String FILE = "provenance.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProvenanceJson() {
    }

    static String write(Provenance provenance) {
        try {
            return MAPPER.writeValueAsString(provenance) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise " + provenance + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and checks the format version before binding, so that a future major format with
     * different fields is reported as such rather than as a binding error.
     *
     * @param where the version being read, for messages ("model 'cnn' version 3 at hdfs://...")
     * @throws IllegalStateException if the text is not provenance this code can read
     */
    static Provenance read(String json, String where) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read " + where + ": its " + FILE + " is not valid JSON ("
                    + e.getOriginalMessage() + "). The directory was not written by this store or was altered; "
                    + "pick another version.", e);
        }
        JsonNode format = tree == null ? null : tree.get("formatVersion");
        if (format == null || !format.isTextual()) {
            throw new IllegalStateException("Cannot read " + where + ": its " + FILE + " has no textual formatVersion"
                    + " (expected \"" + Provenance.SUPPORTED_MAJOR + ".x\", found " + format + "). "
                    + "The directory was not written by this store or was altered; pick another version.");
        }
        int major;
        try {
            major = new Provenance(format.asText(), null, null, null, null, null, null).formatMajor();
        } catch (IllegalArgumentException e) {
            major = -1;
        }
        if (major != Provenance.SUPPORTED_MAJOR) {
            throw new IllegalStateException("Cannot read " + where + ": its format version is " + format.asText()
                    + " but this reader understands only major version " + Provenance.SUPPORTED_MAJOR + " ("
                    + Provenance.SUPPORTED_MAJOR + ".x). Upgrade attend-spark-model-store to a release that reads format "
                    + format.asText() + ", or pick a version written in format " + Provenance.SUPPORTED_MAJOR + ".x.");
        }
        try {
            return MAPPER.treeToValue(tree, Provenance.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read " + where + ": its " + FILE + " does not match format "
                    + format.asText() + " (" + e.getMessage() + "). Pick another version.", e);
        }
    }
}
