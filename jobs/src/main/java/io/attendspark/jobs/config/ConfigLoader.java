package io.attendspark.jobs.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds {@code conf/*.yaml} plus {@code --set key=value} overrides to an immutable config record.
 * The record's own {@code defaults()} are the base; the file and then the overrides are laid
 * over it. Keys the defaults do not have are rejected (with the known keys listed), so a typo
 * never silently falls back to a default; a section whose default is null (e.g. {@code copy}
 * when the dataset is MNIST) does not exist for that config. Validation lives in the records' constructors; its
 * message comes back as an {@link IllegalArgumentException} naming the file.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ConfigLoader() {
    }

    /**
     * @param file      the YAML file, or null for defaults plus overrides only
     * @param overrides {@code key.path=value} strings; each key must exist in the defaults
     * @param defaults  chooses the defaults from the raw (file + overrides) tree, e.g. by a "kind" key
     */
    public static <T> T load(Path file, List<String> overrides, Class<T> type, Function<JsonNode, T> defaults) {
        String origin = file == null ? "(defaults)" : file.toString();
        ObjectNode raw = file == null ? YAML.createObjectNode() : readYaml(file);
        for (String override : overrides) {
            setPath(raw, override, origin, false);
        }
        ObjectNode merged = YAML.valueToTree(defaults.apply(raw));
        mergeStrict(merged, raw, "", origin);
        try {
            return YAML.treeToValue(merged, type);
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            String reason = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getMessage();
            throw new IllegalArgumentException("Invalid config " + origin + ": " + reason, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid config " + origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code defaults} with {@code overlay} laid over it (unknown keys rejected), or {@code defaults}
     * unchanged when the overlay is missing or does not bind: for {@code defaults(raw)} methods whose
     * other defaults depend on a section (the real load reports any error in it).
     */
    public static <T> T overlayOrDefaults(T defaults, JsonNode overlay, Class<T> type) {
        if (overlay == null || !overlay.isObject()) {
            return defaults;
        }
        try {
            ObjectNode merged = YAML.valueToTree(defaults);
            mergeStrict(merged, overlay, "", "(defaults)");
            return YAML.treeToValue(merged, type);
        } catch (IOException | IllegalArgumentException e) {
            return defaults;
        }
    }

    /** Binds YAML text written by {@link #toYaml} (e.g. a model's {@code config.yaml}) over the defaults it chooses. */
    public static <T> T parse(String yaml, String origin, Class<T> type, Function<JsonNode, T> defaults) {
        ObjectNode raw;
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(origin + ": expected a mapping of keys");
            }
            raw = (ObjectNode) node;
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + " is not valid YAML: " + e.getMessage(), e);
        }
        ObjectNode merged = YAML.valueToTree(defaults.apply(raw));
        mergeStrict(merged, raw, "", origin);
        try {
            return YAML.treeToValue(merged, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid config " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The record as YAML (null fields left out), for the log and the output directory. */
    public static String toYaml(Object config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Config file " + file + ": expected a YAML file but found "
                    + (Files.isDirectory(file) ? "a directory" : "no such file"));
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("Config file " + file + ": expected a mapping of keys but found " + node.getNodeType());
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new IllegalArgumentException("Config file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Applies {@code a.b.c=value} to {@code tree}, creating objects on the way. */
    private static void setPath(ObjectNode tree, String override, String origin, boolean strict) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set expects key=value but was '" + override + "'");
        }
        String[] keys = override.substring(0, eq).trim().split("\\.");
        String text = override.substring(eq + 1);
        JsonNode value;
        try {
            value = text.isEmpty() ? YAML.getNodeFactory().textNode("") : YAML.readTree(text);
        } catch (IOException e) {
            value = YAML.getNodeFactory().textNode(text);
        }
        if (value == null || value.isMissingNode()) {
            value = YAML.getNodeFactory().textNode(text);
        }
        ObjectNode node = tree;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(keys[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(keys[keys.length - 1], value);
    }

    private static void mergeStrict(ObjectNode base, JsonNode overlay, String prefix, String origin) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (!base.has(key)) {
                List<String> known = new ArrayList<>();
                base.fieldNames().forEachRemaining(known::add);
                throw new IllegalArgumentException("Config " + origin + ": unknown key '" + path + "'; known keys"
                        + (prefix.isEmpty() ? "" : " under '" + prefix + "'") + ": " + known);
            }
            JsonNode current = base.get(key);
            if (current.isObject() && field.getValue().isObject()) {
                mergeStrict((ObjectNode) current, field.getValue(), path, origin);
            } else if (current.isObject() || field.getValue().isObject()) {
                throw new IllegalArgumentException("Config " + origin + ": key '" + path + "' must be "
                        + (current.isObject() ? "a mapping" : "a single value") + " but was " + field.getValue());
            } else {
                base.set(key, field.getValue());
            }
        }
    }
}
