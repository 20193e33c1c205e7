package io.attendspark.jobs.training;

/**
 * What one averaging round did.
 *
 * @param round         1-based round number
 * @param rounds        rounds in the plan
 * @param loss          mean training loss of the round (the model's own loss, e.g. cross-entropy per example)
 * @param examples      examples seen so far
 * @param roundSeconds  wall time of this round
 * @param elapsedSeconds wall time since training started
 */
public record RoundMetrics(int round, int rounds, double loss, long examples, double roundSeconds, double elapsedSeconds) {

    public double examplesPerSecond() {
        return elapsedSeconds > 0 ? examples / elapsedSeconds : 0;
    }

    public double etaSeconds() {
        return round > 0 ? elapsedSeconds / round * (rounds - round) : 0;
    }

    /** The driver's log line for this round. */
    public String line() {
        return String.format("round %d/%d  loss %.4f  examples %d  %.0f ex/s  elapsed %s  ETA %s",
                round, rounds, loss, examples, examplesPerSecond(), duration(elapsedSeconds), duration(etaSeconds()));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s"
                : (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }
}
