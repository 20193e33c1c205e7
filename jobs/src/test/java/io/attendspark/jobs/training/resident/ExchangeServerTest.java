package io.attendspark.jobs.training.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads that the server never answers would block: the class times out instead. */
@Timeout(20)
class ExchangeServerTest {
    private static final long TOKEN = 0x5eed;

    @Test
    void aConnectionWithoutTheTokenIsDroppedAndAWorkerWithItJoins() throws Exception {
        try (ExchangeServer server = new ExchangeServer(2, "127.0.0.1", 0, TOKEN,
                () -> new INDArray[] {Nd4j.create(DataType.FLOAT, 3), null})) {
            try (SocketChannel stranger = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
                hello(stranger, TOKEN + 1, 0, 0);
                assertTrue(closedByPeer(stranger), "the server closed the stranger's connection");
            }
            assertNull(server.links()[0]);
            try (SocketChannel worker = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
                hello(worker, TOKEN, 1, 0);
                ExchangeServer.Event joined = server.poll(5000);
                assertInstanceOf(ExchangeServer.Joined.class, joined);
                assertNotNull(server.links()[1]);

                // a result: seq 7, OK, score, fit time, parameters [3], no optimiser state
                ExchangeWire wire = new ExchangeWire(worker, worker);
                wire.writeLong(7);
                wire.writeInt(ExchangeWire.OK);
                wire.writeDouble(0.25);
                wire.writeLong(1000);
                wire.writeArray(Nd4j.createFromArray(1f, 2f, 3f));
                wire.writeArray(null);
                ExchangeServer.Result r = assertInstanceOf(ExchangeServer.Result.class, server.poll(5000));
                assertEquals(7, r.seq());
                assertEquals(0.25, r.score());
                assertEquals(Nd4j.createFromArray(1f, 2f, 3f), r.link().params);
            }
            ExchangeServer.Lost lost = assertInstanceOf(ExchangeServer.Lost.class, server.poll(5000));
            assertEquals(1, lost.link().partition);
            assertNull(server.links()[1], "a closed worker is forgotten");
        }
    }

    @Test
    void parametersOfAnotherShapeBreakTheLinkInsteadOfLandingInTheModel() throws Exception {
        try (ExchangeServer server = new ExchangeServer(1, "127.0.0.1", 0, TOKEN,
                () -> new INDArray[] {Nd4j.create(DataType.FLOAT, 3), null});
                SocketChannel worker = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            hello(worker, TOKEN, 0, 0);
            assertInstanceOf(ExchangeServer.Joined.class, server.poll(5000));
            ExchangeWire wire = new ExchangeWire(worker, worker);
            wire.writeLong(1);
            wire.writeInt(ExchangeWire.OK);
            wire.writeDouble(0.5);
            wire.writeLong(1);
            wire.writeArray(Nd4j.createFromArray(1f, 2f, 3f, 4f));
            ExchangeServer.Lost lost = assertInstanceOf(ExchangeServer.Lost.class, server.poll(5000));
            assertEquals("parameters of worker 0 (attempt 0): received FLOAT[4] but expected FLOAT[3]", lost.cause().getMessage());
        }
    }

    /** True when the other end closed (end of stream, or reset because our bytes were left unread). */
    private static boolean closedByPeer(SocketChannel channel) {
        try {
            return channel.read(ByteBuffer.allocate(1)) == -1;
        } catch (IOException e) {
            return true;
        }
    }

    private static void hello(SocketChannel channel, long token, int partition, int attempt) throws IOException {
        new ExchangeWire(channel, channel).writeHello(token, partition, attempt);
    }
}
