package io.attendspark.jobs.training.resident;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of the resident workers' exchange: a server socket the workers connect to, one
 * {@link Link} per worker partition (a newer task attempt for a partition replaces the older one),
 * and a reader thread per link that turns what arrives into {@link Event}s on one queue. Results are
 * read straight into the link's receive arrays, which stay valid until the driver sends that link its
 * next command (a worker sends nothing unasked). Connections without the job's token are dropped.
 */
final class ExchangeServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ExchangeServer.class);

    /** Something that happened on the exchange. */
    sealed interface Event permits Joined, Lost, Result {
    }

    /** A worker task connected (and replaced any older attempt of its partition). */
    record Joined(Link link) implements Event {
    }

    /** A link broke (task killed, executor lost, or closed by the driver). */
    record Lost(Link link, Exception cause) implements Event {
    }

    /**
     * A worker's answer to command {@code seq}: {@code status} {@link ExchangeWire#OK} with its
     * parameters (and optimiser state) in the link's receive arrays, or {@link ExchangeWire#NON_FINITE}
     * with the minibatch's index and file.
     */
    record Result(Link link, long seq, int status, double score, long fitNanos, int minibatch, String file) implements Event {
    }

    /** One worker task's connection. */
    static final class Link {
        final int partition;
        final int attempt;
        final SocketChannel channel;
        final ExchangeWire wire;
        /** Receive arrays: parameters, and optimiser state (null when the model has none). */
        final INDArray params;
        final INDArray state;
        /** The configuration this worker has (driver thread only). */
        String sentConf = "";

        Link(int partition, int attempt, SocketChannel channel, INDArray[] buffers) {
            this.partition = partition;
            this.attempt = attempt;
            this.channel = channel;
            this.wire = new ExchangeWire(channel, channel);
            this.params = buffers[0];
            this.state = buffers[1];
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }

        @Override
        public String toString() {
            return "worker " + partition + " (attempt " + attempt + ")";
        }
    }

    private final ServerSocketChannel server;
    private final long token;
    private final Link[] links;
    private final Supplier<INDArray[]> buffers;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    /** Closes connections that have not said who they are within {@link #HELLO_TIMEOUT_S}. */
    private final java.util.concurrent.ScheduledExecutorService helloTimer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "resident-exchange-hello-timer");
                t.setDaemon(true);
                return t;
            });
    static final int HELLO_TIMEOUT_S = 30;
    private volatile boolean closed;

    /**
     * @param buffers makes a link's receive arrays: {parameters, optimiser state or null}, shaped as the driver's
     */
    ExchangeServer(int workers, String bindHost, int port, long token, Supplier<INDArray[]> buffers) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(bindHost == null ? new InetSocketAddress(port) : new InetSocketAddress(bindHost, port));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.server = channel;
        this.token = token;
        this.links = new Link[workers];
        this.buffers = buffers;
        this.acceptor = new Thread(this::acceptLoop, "resident-exchange-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** The current links, one per partition (null where none is connected). */
    synchronized Link[] links() {
        return links.clone();
    }

    synchronized boolean isCurrent(Link link) {
        return links[link.partition] == link;
    }

    /** Closes {@code link} and forgets it, if it is still the current one for its partition. */
    synchronized void drop(Link link) {
        if (links[link.partition] == link) {
            links[link.partition] = null;
        }
        link.close();
    }

    /** The next event, or null after {@code millis}. */
    Event poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel channel = server.accept();
                Thread reader = new Thread(() -> serve(channel), "resident-exchange-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Resident exchange: accept failed: {}", e.toString());
                    try {
                        Thread.sleep(100);      // e.g. out of file descriptors: do not spin
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Reads the hello, registers the link, then reads its results until it breaks. */
    private void serve(SocketChannel channel) {
        Link link = null;
        java.util.concurrent.atomic.AtomicBoolean greeted = new java.util.concurrent.atomic.AtomicBoolean();
        helloTimer.schedule(() -> {
            if (!greeted.get()) {
                closeQuietly(channel);
            }
        }, HELLO_TIMEOUT_S, java.util.concurrent.TimeUnit.SECONDS);
        try {
            channel.socket().setTcpNoDelay(true);
            channel.socket().setKeepAlive(true);
            ExchangeWire wire = new ExchangeWire(channel, channel);
            if (wire.readInt() != ExchangeWire.MAGIC || wire.readLong() != token) {
                throw new IOException("not a worker of this job");
            }
            int partition = wire.readInt();
            int attempt = wire.readInt();
            boolean little = wire.readByte() == 1;
            if (little != (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)) {
                throw new IOException("worker " + partition + " has another byte order than the driver");
            }
            greeted.set(true);
            link = register(partition, attempt, channel);
            events.add(new Joined(link));
            while (true) {
                long seq = link.wire.readLong();
                int status = link.wire.readInt();
                double score = link.wire.readDouble();
                if (status == ExchangeWire.NON_FINITE) {
                    int minibatch = link.wire.readInt();
                    events.add(new Result(link, seq, status, score, 0, minibatch, link.wire.readString()));
                } else {
                    long fitNanos = link.wire.readLong();
                    if (!link.wire.readArrayInto(link.params, "parameters of " + link)
                            || (!link.wire.readArrayInto(link.state, "optimiser state of " + link) && link.state != null)) {
                        throw new IOException(link + " sent no parameters or no optimiser state");
                    }
                    events.add(new Result(link, seq, status, score, fitNanos, -1, null));
                }
            }
        } catch (Throwable e) {       // whatever ends the reader (even an OutOfMemoryError) must end the link
            if (link == null) {
                log.warn("Resident exchange: dropped a connection from {}: {}", remote(channel), e.getMessage());
                closeQuietly(channel);
            } else {
                drop(link);
                events.add(new Lost(link, e instanceof Exception ex ? ex : new RuntimeException(e)));
            }
            if (e instanceof Error err && !(e instanceof OutOfMemoryError)) {
                throw err;
            }
        }
    }

    private synchronized Link register(int partition, int attempt, SocketChannel channel) throws IOException {
        if (partition < 0 || partition >= links.length) {
            throw new IOException("worker partition " + partition + " is not in 0.." + (links.length - 1));
        }
        Link old = links[partition];
        if (old != null && old.attempt > attempt) {
            throw new IOException("worker " + partition + " attempt " + attempt + " is older than the connected attempt " + old.attempt);
        }
        Link link = new Link(partition, attempt, channel, buffers.get());
        links[partition] = link;
        if (old != null) {
            old.close();
        }
        return link;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing else to do
        }
    }

    private static String remote(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        closed = true;
        helloTimer.shutdownNow();
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing else to do
        }
        for (Link link : links()) {
            if (link != null) {
                link.close();
            }
        }
    }
}
