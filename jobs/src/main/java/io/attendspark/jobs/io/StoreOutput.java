package io.attendspark.jobs.io;

import io.attendspark.store.VersionWriter;
import java.io.OutputStream;

/** A new model-store version being written. */
public record StoreOutput(VersionWriter writer) implements ModelOutput {
    @Override
    public OutputStream create(String name) {
        return writer.create(name);
    }

    @Override
    public void writeText(String name, String text) {
        writer.writeText(name, text);
    }
}
