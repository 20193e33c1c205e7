package io.attendspark.jobs.train;

import io.attendspark.jobs.draw.DrawTraining;
import io.attendspark.jobs.ntm.NtmTraining;

/** Which model a training job trains. */
public enum ModelKind {
    /** Spatial Transformer Networks classifiers: ST-CNN or its CNN baseline ({@code stn.architecture}) on an MNIST variant. */
    STN,
    /** DRAW, the recurrent attentive VAE, on binarised MNIST. */
    DRAW,
    /** The Neural Turing Machine on an algorithmic task. */
    NTM;

    /** The model-specific half of the job for {@code config}. */
    ModelTraining training(TrainConfig config) {
        return switch (this) {
            case STN -> new StnTraining(config);
            case DRAW -> new DrawTraining(config);
            case NTM -> new NtmTraining(config);
        };
    }
}
