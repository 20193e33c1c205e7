package io.attendspark.dataprep.mnist;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one IDX file (LeCun's MNIST format: big-endian header, then unsigned bytes) from any
 * Hadoop {@link FileSystem} ({@code file:}, {@code hdfs:}, ...), raw or gzip-compressed.
 * Files named {@code *.gz} must be gzip; other files are decompressed when they start with
 * the gzip magic. Every problem with the file is an {@link IllegalArgumentException} naming
 * the file, what was expected and what was found.
 */
final class IdxReader {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    /** Header fields and body of one IDX file. */
    record Idx(int[] dims, byte[] body) {
    }

    private IdxReader() {
    }

    /**
     * @param expectedMagic {@link #IMAGES_MAGIC} (dims count, rows, cols) or {@link #LABELS_MAGIC} (dims count)
     */
    static Idx read(Path path, Configuration conf, int expectedMagic) {
        String what = expectedMagic == IMAGES_MAGIC ? "MNIST images file" : "MNIST labels file";
        try {
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                throw bad(what, path, "an IDX file", "no such file");
            }
            if (status.isDirectory()) {
                throw bad(what, path, "an IDX file", "a directory");
            }
            if (status.getLen() == 0) {
                throw bad(what, path, "an IDX file", "an empty file (0 bytes)");
            }
            try (InputStream in = open(fs, path, what)) {
                return readIdx(in, path, what, expectedMagic);
            }
        } catch (ZipException | EOFException e) {
            throw bad(what, path, "a complete gzip stream", "corrupt or truncated gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(FileSystem fs, Path path, String what) throws IOException {
        PushbackInputStream in = new PushbackInputStream(fs.open(path), 2);
        int b1 = in.read();
        int b2 = in.read();
        if (b2 >= 0) {
            in.unread(b2);
        }
        if (b1 >= 0) {
            in.unread(b1);
        }
        boolean gzip = b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2;
        if (path.getName().endsWith(".gz") && !gzip) {
            in.close();
            throw bad(what, path, "gzip data (it is named *.gz; magic bytes 1f 8b)",
                    String.format("bytes %02x %02x", Math.max(b1, 0), Math.max(b2, 0)));
        }
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static Idx readIdx(InputStream in, Path path, String what, int expectedMagic) throws IOException {
        int dimsCount = expectedMagic == IMAGES_MAGIC ? 3 : 1;
        int headerBytes = 4 * (1 + dimsCount);
        byte[] header = new byte[headerBytes];
        int got = readFully(in, header);
        if (got < 4) {
            throw bad(what, path, "a " + headerBytes + "-byte IDX header", "a truncated header of " + got + " bytes");
        }
        int magic = beInt(header, 0);
        if (magic != expectedMagic) {
            throw bad(what, path, "magic number " + expectedMagic + " (" + kind(expectedMagic) + ")",
                    "magic number " + magic + " (" + kind(magic) + ")");
        }
        if (got < headerBytes) {
            throw bad(what, path, "a " + headerBytes + "-byte IDX header", "a truncated header of " + got + " bytes");
        }
        int[] dims = new int[dimsCount];
        long bodyLength = 1;
        for (int d = 0; d < dimsCount; d++) {
            dims[d] = beInt(header, 4 + 4 * d);
            if (dims[d] < 0) {
                throw bad(what, path, "non-negative dimension " + d, String.valueOf(dims[d]));
            }
            bodyLength *= dims[d];
        }
        if (bodyLength > Integer.MAX_VALUE - 16) {
            throw bad(what, path, "at most " + (Integer.MAX_VALUE - 16) + " data bytes", bodyLength + " bytes in the header's dimensions");
        }
        byte[] body = new byte[(int) bodyLength];
        int read = readFully(in, body);
        if (read < bodyLength) {
            throw bad(what, path, bodyLength + " data bytes after the header (" + describe(dims) + ")",
                    "only " + read + " (the file is truncated)");
        }
        if (in.read() >= 0) {
            throw bad(what, path, "exactly " + bodyLength + " data bytes after the header (" + describe(dims) + ")",
                    "trailing bytes after them");
        }
        return new Idx(dims, body);
    }

    static IllegalArgumentException bad(String what, Object file, String expected, String found) {
        return new IllegalArgumentException(what + " " + file + ": expected " + expected + " but found " + found);
    }

    private static String describe(int[] dims) {
        return dims.length == 3 ? dims[0] + " images of " + dims[1] + "x" + dims[2] : dims[0] + " labels";
    }

    private static String kind(int magic) {
        return switch (magic) {
            case IMAGES_MAGIC -> "IDX images";
            case LABELS_MAGIC -> "IDX labels";
            default -> (magic >>> 16) == 0x1f8b ? "gzip data in a file not named *.gz?" : "not an MNIST IDX file";
        };
    }

    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static int beInt(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8) | (b[offset + 3] & 0xFF);
    }
}
