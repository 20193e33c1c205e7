package io.attendspark.jobs.ntm;

import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.NetworkUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies a {@link PlateauConfig} to the driver's network after each validation. The network's
 * configuration, parameters and optimiser state are what the next round broadcasts to the workers,
 * so a change here takes effect from the next round on, in Spark and in a single JVM alike. The
 * best snapshot lives in the driver's memory (a run resumed from a checkpoint starts a new one).
 */
final class LearningRatePlateau {

    /** What a validation led to. */
    enum Action { NEW_BEST, NONE, LOWERED, ROLLED_BACK }

    private final PlateauConfig config;
    private double best = Double.POSITIVE_INFINITY;
    private long bestSequences = -1;
    private INDArray bestParams;
    private INDArray bestUpdaterState;
    private int sinceBest;
    private String lastMessage = "";

    LearningRatePlateau(PlateauConfig config) {
        this.config = config;
    }

    /** The learning rate of the network's first layer with parameters. */
    static double learningRate(ComputationGraph network) {
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            if (layer.numParams() > 0) {
                Double lr = NetworkUtils.getLearningRate(network, layer.conf().getLayer().getLayerName());
                if (lr == null) {
                    throw new IllegalArgumentException("layer " + layer.conf().getLayer().getLayerName()
                            + " has no learning rate to lower (updater " + layer.conf().getLayer() + ")");
                }
                return lr;
            }
        }
        throw new IllegalArgumentException("network has no layer with parameters");
    }

    /** Records validation cost {@code bits} after {@code sequences} and acts on {@code network}. */
    Action observe(double bits, long sequences, ComputationGraph network) {
        if (!config.enabled()) {
            return Action.NONE;
        }
        if (bits < best) {
            best = bits;
            bestSequences = sequences;
            bestParams = network.params().dup();
            INDArray state = network.getUpdater().getStateViewArray();
            bestUpdaterState = state == null ? null : state.dup();
            sinceBest = 0;
            lastMessage = "";
            return Action.NEW_BEST;
        }
        double lr = learningRate(network);
        if (config.relapseRatio() > 0 && bits > config.relapseRatio() * best + config.relapseMarginBits()) {
            network.setParams(bestParams);
            if (bestUpdaterState != null) {
                network.getUpdater().getStateViewArray().assign(bestUpdaterState);
            }
            double lowered = lower(network, lr);
            sinceBest = 0;
            lastMessage = String.format(Locale.ROOT, "relapse: validation %.3f bits/sequence against the best %.3f (after %d "
                    + "sequences); restored that model and its optimiser state, learning rate %.3g -> %.3g",
                    bits, best, bestSequences, lr, lowered);
            return Action.ROLLED_BACK;
        }
        sinceBest++;
        if (config.patience() > 0 && sinceBest >= config.patience()) {
            sinceBest = 0;
            double lowered = lower(network, lr);
            if (lowered < lr) {
                lastMessage = String.format(Locale.ROOT, "no new best in %d validations (best %.3f bits/sequence after %d "
                        + "sequences): learning rate %.3g -> %.3g", config.patience(), best, bestSequences, lr, lowered);
                return Action.LOWERED;
            }
        }
        return Action.NONE;
    }

    private double lower(ComputationGraph network, double lr) {
        double lowered = Math.max(config.minLearningRate(), lr * config.factor());
        if (lowered < lr) {
            network.setLearningRate(lowered);
        }
        return Math.min(lr, lowered);
    }

    /** What the last {@link Action#LOWERED} or {@link Action#ROLLED_BACK} did, for the log. */
    String lastMessage() {
        return lastMessage;
    }

    double best() {
        return best;
    }
}
