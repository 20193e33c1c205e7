package io.attendspark.jobs.spark;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;

/** Logs "done/total (pct), rate/s, elapsed, ETA" every few seconds from a Spark accumulator, on the driver. */
public final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final long start = System.nanoTime();
    private final LongAccumulator done;
    private final long total;

    public Progress(Logger log, String what, LongAccumulator done, long total, Duration every) {
        this.done = done;
        this.total = total;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-" + what);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> log.info("{}: {}", what, line()), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** e.g. {@code 12800/60000 (21%), 1234/s, elapsed 10s, ETA 38s}. */
    public String line() {
        long n = done.value();
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = seconds > 0 ? n / seconds : 0;
        String eta = rate > 0 && n < total ? format((total - n) / rate) : "-";
        return String.format("%d/%d (%d%%), %.0f/s, elapsed %s, ETA %s", n, total, total == 0 ? 100 : 100 * n / total,
                rate, format(seconds), eta);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String format(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
