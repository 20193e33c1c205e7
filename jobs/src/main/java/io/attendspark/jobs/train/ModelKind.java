package io.attendspark.jobs.train;

/** Which model a training job trains. */
public enum ModelKind {
    /** Spatial Transformer Networks classifiers: ST-CNN or its CNN baseline ({@code stn.architecture}) on an MNIST variant. */
    STN;

    /** The model-specific half of the job for {@code config}. */
    ModelTraining training(TrainConfig config) {
        return switch (this) {
            case STN -> new StnTraining(config);
        };
    }
}
