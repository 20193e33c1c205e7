package io.attendspark.dataprep.mnist;

/** The two standard MNIST splits and their IDX file names (without the optional {@code .gz}). */
public enum MnistSplit {
    TRAIN("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 60_000),
    TEST("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10_000);

    private final String imagesFile;
    private final String labelsFile;
    private final int size;

    MnistSplit(String imagesFile, String labelsFile, int size) {
        this.imagesFile = imagesFile;
        this.labelsFile = labelsFile;
        this.size = size;
    }

    public String imagesFile() {
        return imagesFile;
    }

    public String labelsFile() {
        return labelsFile;
    }

    /** Number of examples in the published split. */
    public int size() {
        return size;
    }
}
