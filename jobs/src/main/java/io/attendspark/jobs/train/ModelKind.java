package io.attendspark.jobs.train;

/** Which model a training job trains (DRAW and NTM join when they exist). */
public enum ModelKind {
    /** Spatial Transformer Networks classifiers: ST-CNN or its CNN baseline ({@code stn.architecture}). */
    STN
}
