package io.attendspark.dataprep.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.dataprep.TestMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistReaderTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path tmp;

    @Test
    void realMnistHasThePublishedLabelCounts() {
        MnistData train = MnistReader.read(TestMnist.dir().toUri(), MnistSplit.TRAIN, CONF);
        MnistData test = MnistReader.read(TestMnist.dir().toUri(), MnistSplit.TEST, CONF);
        assertEquals(60_000, train.count());
        assertEquals(10_000, test.count());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.labelCounts());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.labelCounts());
        assertEquals(5, train.label(0));
        assertEquals(7, test.label(0));
    }

    @Test
    void rawAndGzipFilesReadTheSame() throws IOException {
        byte[] pixels = new byte[3 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        Path rawImages = write("a-images", images(3, 28, 28, pixels));
        Path rawLabels = write("a-labels", labels(new byte[] {1, 9, 0}));
        Path gzImages = write("b-images.gz", gzip(images(3, 28, 28, pixels)));
        Path gzLabels = write("b-labels.gz", gzip(labels(new byte[] {1, 9, 0})));
        MnistData raw = read(rawImages, rawLabels);
        MnistData gz = read(gzImages, gzLabels);
        assertArrayEquals(pixels, raw.pixels());
        assertArrayEquals(raw.pixels(), gz.pixels());
        assertArrayEquals(new byte[] {1, 9, 0}, gz.labels());
        assertEquals(pixels[28 + 2] & 0xFF, raw.pixel(0, 1, 2));
    }

    @Test
    void missingFile() throws IOException {
        Path labels = write("labels", labels(new byte[] {1}));
        assertFails(() -> read(tmp.resolve("nope"), labels), "nope", "no such file");
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("adir"));
        Path labels = write("labels", labels(new byte[] {1}));
        assertFails(() -> read(dir, labels), "adir", "a directory");
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = write("empty", new byte[0]);
        Path labels = write("labels", labels(new byte[] {1}));
        assertFails(() -> read(empty, labels), "empty", "empty file");
    }

    @Test
    void truncatedImages() throws IOException {
        byte[] full = images(2, 28, 28, new byte[2 * 28 * 28]);
        Path images = write("trunc-images", Arrays.copyOf(full, full.length - 100));
        Path labels = write("labels", labels(new byte[] {1, 2}));
        assertFails(() -> read(images, labels), "trunc-images", "1568 data bytes", "only 1468");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] full = images(2, 28, 28, new byte[2 * 28 * 28]);
        Path images = write("short-header", Arrays.copyOf(full, 10));
        Path labels = write("labels", labels(new byte[] {1, 2}));
        assertFails(() -> read(images, labels), "short-header", "16-byte IDX header", "truncated header of 10 bytes");
    }

    @Test
    void labelsFilePassedAsImagesAndViceVersa() throws IOException {
        Path images = write("imgs", images(1, 28, 28, new byte[28 * 28]));
        Path labels = write("labs", labels(new byte[] {3}));
        assertFails(() -> read(labels, labels), "labs", "magic number 2051", "magic number 2049");
        assertFails(() -> read(images, images), "imgs", "magic number 2049", "magic number 2051");
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        Path images = write("imgs", images(2, 28, 28, new byte[2 * 28 * 28]));
        Path labels = write("labs", labels(new byte[] {3, 4, 5}));
        assertFails(() -> read(images, labels), "labs", "2 labels", "found 3");
    }

    @Test
    void labelAboveNine() throws IOException {
        Path images = write("imgs", images(2, 28, 28, new byte[2 * 28 * 28]));
        Path labels = write("labs", labels(new byte[] {3, 12}));
        assertFails(() -> read(images, labels), "labs", "labels 0..9", "label 12 at index 1");
    }

    @Test
    void notGzipBytesInGzFile() throws IOException {
        Path images = write("imgs.gz", images(1, 28, 28, new byte[28 * 28]));
        Path labels = write("labs", labels(new byte[] {3}));
        assertFails(() -> read(images, labels), "imgs.gz", "gzip data", "bytes 00 00");
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = gzip(images(2, 28, 28, new byte[2 * 28 * 28]));
        Path images = write("imgs.gz", Arrays.copyOf(gz, gz.length / 2));
        Path labels = write("labs", labels(new byte[] {3, 4}));
        assertFails(() -> read(images, labels), "imgs.gz", "gzip");
    }

    @Test
    void wrongImageSizeAndTrailingBytes() throws IOException {
        Path small = write("small", images(1, 20, 20, new byte[400]));
        Path labels = write("labs", labels(new byte[] {3}));
        assertFails(() -> read(small, labels), "small", "28x28 images", "20x20");
        byte[] full = images(1, 28, 28, new byte[28 * 28]);
        Path longer = write("longer", Arrays.copyOf(full, full.length + 5));
        assertFails(() -> read(longer, labels), "longer", "trailing bytes");
    }

    @Test
    void missingStandardFileInDirectory() {
        assertFails(() -> MnistReader.read(tmp.toUri(), MnistSplit.TEST, CONF), "t10k-images-idx3-ubyte", "neither");
    }

    private MnistData read(Path images, Path labels) {
        return MnistReader.read(new org.apache.hadoop.fs.Path(images.toUri()), new org.apache.hadoop.fs.Path(labels.toUri()), CONF);
    }

    private static void assertFails(Runnable action, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "message should contain '" + fragment + "': " + e.getMessage());
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(2051).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    static byte[] labels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(2049).putInt(labels.length).put(labels).array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
