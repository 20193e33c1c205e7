package io.attendspark.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/**
 * Run on an executor after training: its id, peak resident memory (Linux VmHWM: heap, off-heap
 * arrays and native code together) and the peak of its Java heap pools; their difference bounds
 * the off-heap memory (ND4J arrays, native code, thread stacks) from above.
 */
final class ExecutorProbe implements Function<Integer, String> {
    @Override
    public String call(Integer ignored) {
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        long hwmKb = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwmKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            hwmKb = -1;
        }
        long rssMb = hwmKb / 1024;
        long heapMb = heapPeak / (1 << 20);
        return SparkEnv.get().executorId() + "," + rssMb + "," + heapMb + "," + (rssMb - heapMb);
    }
}
