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
}
