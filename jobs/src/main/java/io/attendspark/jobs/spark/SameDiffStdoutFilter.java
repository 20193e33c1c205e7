package io.attendspark.jobs.spark;

import java.io.PrintStream;

/**
 * Drops the line {@code "Added differentiated op <name>"} that ND4J 1.0.0-M2.1 prints to
 * {@code System.out} (hard-coded in {@code SameDiff.createGradFunction}) for every op each time a
 * gradient graph is built: dozens of lines per worker per averaging round, drowning the driver's
 * one line per round. Everything else passes through unchanged.
 */
public final class SameDiffStdoutFilter extends PrintStream {
    private static final String NOISE = "Added differentiated op ";

    private SameDiffStdoutFilter(PrintStream out) {
        super(out, true);
    }

    /** Installs the filter on {@code System.out} once per JVM (driver, and executors via {@link KryoRegistrator}). */
    public static synchronized void install() {
        if (!(System.out instanceof SameDiffStdoutFilter)) {
            System.setOut(new SameDiffStdoutFilter(System.out));
        }
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith(NOISE)) {
            super.println(line);
        }
    }
}
