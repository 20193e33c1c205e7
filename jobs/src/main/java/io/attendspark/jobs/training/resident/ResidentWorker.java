package io.attendspark.jobs.training.resident;

import io.attendspark.jobs.training.BatchSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of {@link ResidentRoundTrainer}: one Spark task per worker that stays running for
 * the whole training. It connects to the driver's {@link ExchangeServer} and then, for every
 * command, takes the driver's parameters, optimiser state and counters, fits its minibatches
 * ({@code net.fit} one after another, as the single-JVM loop does) and sends its parameters, optimiser
 * state and last loss back, until the driver says stop. It keeps its network between rounds and
 * builds a new one only when the driver's configuration changes (e.g. a lowered learning rate).
 * A non-finite loss is reported, not thrown: the driver fails the round naming the file.
 */
final class ResidentWorker implements VoidFunction<Iterator<Integer>> {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ResidentWorker.class);
    /** How long one attempt to reach the driver may take (a firewall that drops packets never answers). */
    private static final int CONNECT_TIMEOUT_MS = 30_000;

    private final String host;
    private final int port;
    private final long token;
    private final BatchSource batches;
    private final Map<String, String> hadoop;
    private final int prefetch;

    /** @param prefetch minibatches to load ahead on a second thread (0 = load each when it is needed) */
    ResidentWorker(String host, int port, long token, BatchSource batches, Map<String, String> hadoop, int prefetch) {
        this.host = host;
        this.port = port;
        this.token = token;
        this.batches = batches;
        this.hadoop = Map.copyOf(hadoop);
        this.prefetch = prefetch;
    }

    @Override
    public void call(Iterator<Integer> partition) throws IOException {
        TaskContext task = TaskContext.get();
        int id = task == null ? 0 : task.partitionId();
        int attempt = task == null ? 0 : task.attemptNumber();
        try (SocketChannel channel = connect()) {
            channel.socket().setTcpNoDelay(true);
            ExchangeWire wire = new ExchangeWire(channel, channel);
            wire.writeHello(token, id, attempt);
            log.info("Resident worker {} (attempt {}) connected to the driver at {}:{}", id, attempt, host, port);
            try (Minibatches minibatches = new Minibatches(batches, hadoopConfiguration(), prefetch)) {
                serve(wire, minibatches);
            }
        }
    }

    private SocketChannel connect() throws IOException {
        try {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                channel.socket().setKeepAlive(true);
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new IOException("Resident worker could not reach the driver's exchange port " + host + ":" + port + " (" + e
                    + "). Executors must be able to connect to the driver on that port: pin it with "
                    + ResidentRoundTrainer.PORT_PROPERTY + " and open it, or set averaging.residentWorkers=false", e);
        }
    }

    private void serve(ExchangeWire wire, Minibatches minibatches) throws IOException {
        ComputationGraph net = null;
        int rounds = 0;
        for (int command = wire.readInt(); command != ExchangeWire.STOP; command = wire.readInt()) {
            if (command != ExchangeWire.ROUND) {
                throw new IOException("unknown command " + command + " from the driver");
            }
            long seq = wire.readLong();
            int iteration = wire.readInt();
            int epoch = wire.readInt();
            String json = wire.readString();
            if (!json.isEmpty()) {
                net = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
                net.init();
            } else if (net == null) {
                throw new IOException("the driver sent a round without a configuration to a new worker");
            }
            wire.readArrayInto(net.params(), "parameters");
            INDArray state = net.getUpdater().getStateViewArray();
            boolean averagedState = wire.readArrayInto(state, "optimiser state");
            if (!averagedState && state != null) {
                state.assign(0);   // not averaged: each round starts the optimiser afresh, as a new network would
            }
            net.getConfiguration().setIterationCount(iteration);
            net.getConfiguration().setEpochCount(epoch);
            net.rnnClearPreviousState();
            net.clearLayersStates();
            List<String> files = new ArrayList<>();
            for (int i = wire.readInt(); i > 0; i--) {
                files.add(wire.readString());
            }
            fit(wire, seq, net, minibatches.load(files), averagedState);
            rounds++;
        }
        log.info("Resident worker stopped after {} rounds", rounds);
    }

    private void fit(ExchangeWire wire, long seq, ComputationGraph net, Minibatches.Round round, boolean sendState)
            throws IOException {
        long start = System.nanoTime();
        List<String> files = round.files();
        for (int i = 0; i < files.size(); i++) {
            net.fit(round.get(i));
            double score = net.score();
            if (!Double.isFinite(score)) {
                wire.writeLong(seq);
                wire.writeInt(ExchangeWire.NON_FINITE);
                wire.writeDouble(score);
                wire.writeInt(i);
                wire.writeString(files.get(i));
                return;
            }
        }
        long fitNanos = System.nanoTime() - start;
        wire.writeLong(seq);
        wire.writeInt(ExchangeWire.OK);
        wire.writeDouble(net.score());
        wire.writeLong(fitNanos);
        wire.writeArray(net.params());
        wire.writeArray(sendState ? net.getUpdater().getStateViewArray() : null);
    }

    private Configuration hadoopConfiguration() {
        Configuration conf = new Configuration(false);
        hadoop.forEach(conf::set);
        return conf;
    }
}
