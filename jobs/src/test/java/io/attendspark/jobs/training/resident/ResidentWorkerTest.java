package io.attendspark.jobs.training.resident;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.jobs.training.FileBatches;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResidentWorkerTest {

    @Test
    void anUnreachableDriverPortIsNamedWithWhatToDo() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ResidentWorker worker = new ResidentWorker("127.0.0.1", port, 1L, new FileBatches(), Map.of(), 0);
        IOException e = assertThrows(IOException.class, () -> worker.call(Collections.emptyIterator()));
        assertTrue(e.getMessage().contains("exchange port 127.0.0.1:" + port)
                && e.getMessage().contains(ResidentRoundTrainer.PORT_PROPERTY)
                && e.getMessage().contains("averaging.residentWorkers=false"), e.getMessage());
    }

    /** A command it does not know fails the task (so Spark runs it again) instead of ending it as if told to stop. */
    @Test
    void anUnknownCommandFailsTheWorker() throws Exception {
        try (java.nio.channels.ServerSocketChannel driver = java.nio.channels.ServerSocketChannel.open()
                .bind(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            int port = ((java.net.InetSocketAddress) driver.getLocalAddress()).getPort();
            ResidentWorker worker = new ResidentWorker("127.0.0.1", port, 5L, new FileBatches(), Map.of(), 0);
            java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
                worker.call(Collections.emptyIterator());
                return null;
            });
            Thread t = new Thread(task);
            t.start();
            try (java.nio.channels.SocketChannel channel = driver.accept()) {
                ExchangeWire wire = new ExchangeWire(channel, channel);
                org.junit.jupiter.api.Assertions.assertEquals(ExchangeWire.MAGIC, wire.readInt());
                org.junit.jupiter.api.Assertions.assertEquals(5L, wire.readLong());
                wire.writeInt(7);
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> task.get(30, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("unknown command 7"), e.getCause().getMessage());
            }
        }
    }
}
