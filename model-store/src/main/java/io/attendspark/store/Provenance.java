package io.attendspark.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Where a model version came from, stored as {@code provenance.json} in its version directory.
 * Every field but {@code formatVersion} is nullable: {@code null} means "unknown", never "empty".
 *
 * <p>{@code formatVersion} is {@code "<major>.<minor>"}. A minor bump only adds fields (readers
 * ignore fields they do not know); a major bump changes the meaning of the layout or of a field,
 * and readers refuse a major they do not understand.
 *
 * @param formatVersion   layout/provenance format, {@link #FORMAT_VERSION} when written by this code
 * @param gitCommit       commit of the code that trained the model
 * @param seed            the training seed ({@code config.seed()})
 * @param dataManifestHash hash of the training data manifest, identifying the exact data
 * @param sparkAppId      Spark application id of the training run
 * @param createdUtc      ISO-8601 UTC instant at which the version was committed; stamped by
 *                        {@link VersionWriter#commit()}
 * @param parentVersion   version number this one was warm-started from (same model name)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Provenance(String formatVersion, String gitCommit, Long seed, String dataManifestHash, String sparkAppId,
        String createdUtc, Integer parentVersion) implements java.io.Serializable {

    /** The format this code writes. */
    public static final String FORMAT_VERSION = "1.0";
    /** The only major format version this code reads. */
    public static final int SUPPORTED_MAJOR = 1;

    public Provenance {
        if (formatVersion == null || formatVersion.isBlank()) {
            throw new IllegalArgumentException("provenance.formatVersion must be set, e.g. \"" + FORMAT_VERSION + "\", got "
                    + formatVersion);
        }
        if (parentVersion != null && parentVersion < 1) {
            throw new IllegalArgumentException("provenance.parentVersion must be >= 1 or null, got " + parentVersion);
        }
    }

    /** Provenance in the current format; {@code createdUtc} is stamped on commit. Any argument may be null. */
    public static Provenance of(String gitCommit, Long seed, String dataManifestHash, String sparkAppId,
            Integer parentVersion) {
        return new Provenance(FORMAT_VERSION, gitCommit, seed, dataManifestHash, sparkAppId, null, parentVersion);
    }

    /** Provenance with nothing known (tests, manual uploads). */
    public static Provenance unknown() {
        return of(null, null, null, null, null);
    }

    public Provenance withCreatedUtc(Instant created) {
        return new Provenance(formatVersion, gitCommit, seed, dataManifestHash, sparkAppId, created.toString(), parentVersion);
    }

    public Provenance withParentVersion(Integer parent) {
        return new Provenance(formatVersion, gitCommit, seed, dataManifestHash, sparkAppId, createdUtc, parent);
    }

    /**
     * The major part of {@link #formatVersion()}.
     *
     * @throws IllegalArgumentException if it is not {@code <digits>[.<anything>]}
     */
    public int formatMajor() {
        int dot = formatVersion.indexOf('.');
        String major = dot < 0 ? formatVersion : formatVersion.substring(0, dot);
        try {
            return Integer.parseInt(major.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("provenance.formatVersion must look like \"1.0\", got \"" + formatVersion + "\"");
        }
    }
}
