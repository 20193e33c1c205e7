package io.attendspark.dataprep;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the full MNIST files (../shared/data/mnist, set by surefire). */
public final class TestMnist {
    private TestMnist() {
    }

    public static Path dir() {
        String configured = System.getProperty("attend.test.mnist");
        if (configured == null) {
            throw new IllegalStateException("System property attend.test.mnist is not set (surefire sets it to ../shared/data/mnist)");
        }
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
            throw new IllegalStateException("No MNIST files in " + dir + " (expected ../shared/data/mnist beside the checkout)");
        }
        return dir;
    }
}
