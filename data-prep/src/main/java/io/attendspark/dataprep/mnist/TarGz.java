package io.attendspark.dataprep.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/** Minimal reader for the ustar archives {@code npm pack} writes: extracts the regular files you ask for. */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /**
     * Extracts each regular file for which {@code target} returns a path (null skips it).
     *
     * @return the files written
     */
    static List<Path> extract(Path archive, Function<String, Path> target) throws IOException {
        List<Path> written = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (readBlock(in, header)) {
                if (isZero(header)) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                Path out = (type == '0' || type == 0) ? target.apply(name) : null;
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (out != null) {
                    try (OutputStream os = Files.newOutputStream(out)) {
                        copy(in, os, size);
                    }
                    in.skipNBytes(padded - size);
                    written.add(out);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return written;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("archive ended inside a file entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int total = 0;
        while (total < BLOCK) {
            int n = in.read(block, total, BLOCK - total);
            if (n < 0) {
                return false;
            }
            total += n;
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
