package io.attendspark.jobs.io;

import java.io.OutputStream;

/** Where a job writes the files of one model before they become visible all at once. */
public interface ModelOutput {

    /** Opens {@code name} for writing. */
    OutputStream create(String name);

    /** Writes a small UTF-8 text file. */
    void writeText(String name, String text);
}
