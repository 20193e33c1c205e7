package io.attendspark.jobs.training;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The driver loop: runs the plan's rounds on a trainer, logs one line per round, stops on a non-finite loss. */
public final class TrainingLoop {
    private static final Logger log = LoggerFactory.getLogger(TrainingLoop.class);

    private TrainingLoop() {
    }

    /**
     * @param examplesPerBatch examples in one minibatch file (for the examples count)
     * @return the metrics of every round
     */
    public static List<RoundMetrics> run(RoundTrainer trainer, RoundPlan plan, int examplesPerBatch) {
        return run(trainer, plan, examplesPerBatch, (m, network) -> { });
    }

    /**
     * As {@link #run(RoundTrainer, RoundPlan, int)}, calling {@code listener} after every round
     * (e.g. to measure a learning curve); its time is left out of the training time and speed.
     */
    public static List<RoundMetrics> run(RoundTrainer trainer, RoundPlan plan, int examplesPerBatch, RoundListener listener) {
        return run(trainer, plan, examplesPerBatch, listener, (m, network) -> { }, List.of());
    }

    /**
     * Runs rounds {@code done.size()+1 .. plan.rounds()}: a run resumed from a checkpoint passes the
     * metrics of the rounds it already did. After each round {@code checkpoint} is called (its time
     * counts as training time: it is part of what a run costs), then {@code listener} (its time does
     * not count).
     */
    public static List<RoundMetrics> run(RoundTrainer trainer, RoundPlan plan, int examplesPerBatch, RoundListener listener,
            RoundListener checkpoint, List<RoundMetrics> done) {
        if (done.size() > plan.rounds()) {
            throw new IllegalArgumentException("a resumed run cannot have done " + done.size() + " of " + plan.rounds() + " rounds");
        }
        List<RoundMetrics> metrics = new ArrayList<>(done);
        RoundMetrics previous = done.isEmpty() ? null : done.get(done.size() - 1);
        long start = System.nanoTime() - (previous == null ? 0 : (long) (previous.elapsedSeconds() * 1e9));
        long examples = previous == null ? 0 : previous.examples();
        for (int r = done.size(); r < plan.rounds(); r++) {
            long roundStart = System.nanoTime();
            List<String> files = plan.round(r);
            double loss = trainer.fitRound(files);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("Training loss of round " + (r + 1) + "/" + plan.rounds() + " is " + loss
                        + " (files " + files.get(0) + " .. " + files.get(files.size() - 1) + "); stopping without a model");
            }
            examples += (long) files.size() * examplesPerBatch;
            long now = System.nanoTime();
            RoundMetrics m = new RoundMetrics(r + 1, plan.rounds(), loss, examples, (now - roundStart) / 1e9, (now - start) / 1e9);
            metrics.add(m);
            log.info(m.line());
            checkpoint.afterRound(m, trainer.network());
            long listenerStart = System.nanoTime();
            listener.afterRound(m, trainer.network());
            start += System.nanoTime() - listenerStart;
        }
        return metrics;
    }
}
