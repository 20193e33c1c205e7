package io.attendspark.jobs.training.resident;

import io.attendspark.jobs.training.AveragingSettings;
import io.attendspark.jobs.training.BatchSource;
import io.attendspark.jobs.training.FileBatches;
import io.attendspark.jobs.training.RoundTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous parameter averaging with workers that stay running: one Spark job of {@code workers}
 * tasks for the whole training ({@link ResidentWorker}), each connected to a socket on the driver
 * ({@link ExchangeServer}), instead of one Spark job per round. Each round the driver sends every
 * worker its parameters, optimiser state, counters and minibatch files, the workers fit, and the
 * driver averages what comes back: the same rounds, in the same order, as {@code SparkRoundTrainer}
 * (DL4J's parameter averaging), without the per-job scheduling, broadcast and result fetches.
 * <p>
 * Failures: when a worker's connection breaks (its task or executor died) the round is run again
 * from the driver's unchanged parameters once Spark has restarted that task, so a lost executor
 * changes nothing in the result. The job needs {@code workers} task slots at the same time; if they
 * are not all connected within {@link #CONNECT_TIMEOUT_S} seconds the round fails saying so. A worker
 * that stays connected but sends nothing (hung) fails the round after its deadline
 * ({@link #ROUND_TIMEOUT_PROPERTY}; by default 30 min for the first round, then 20 × the longest
 * round so far but at least 10 min), naming the partitions that did not answer; the driver's model
 * stays as the last completed round left it. {@link #close()} stops the workers and ends the job
 * (other Spark jobs need those slots).
 */
public final class ResidentRoundTrainer implements RoundTrainer {
    private static final Logger log = LoggerFactory.getLogger(ResidentRoundTrainer.class);
    /** How long to wait for all workers to connect (executor start-up included). */
    static final int CONNECT_TIMEOUT_S = 600;
    /** How many times one round may be started again after lost workers. */
    static final int MAX_ROUND_RESTARTS = 8;
    /** Spark property that pins the driver's exchange port (0, the default, takes a free one). */
    public static final String PORT_PROPERTY = "spark.attend.exchange.port";
    /** Spark property: seconds to wait for a round's results before failing (unset or 0: adaptive, see the class doc). */
    public static final String ROUND_TIMEOUT_PROPERTY = "spark.attend.resident.roundTimeout";
    static final long FIRST_ROUND_TIMEOUT_S = 1800;
    static final long MIN_ROUND_TIMEOUT_S = 600;
    static final int ROUND_TIMEOUT_FACTOR = 20;

    private final JavaSparkContext sc;
    private final ComputationGraph network;
    private final int workers;
    private final boolean averageState;
    private final int prefetch;
    private final BatchSource batches;
    private ExchangeServer server;
    private JavaFutureAction<Void> job;
    private long sequence;
    private int connectTimeoutSeconds = CONNECT_TIMEOUT_S;
    private long roundTimeoutSeconds;      // > 0: fixed (the property, or tests); else adaptive
    private long longestWaitNanos;         // the longest wait for a round's results so far
    private boolean hung;                  // a round passed its deadline: close() cancels at once
    private int restarts;
    private final List<RoundTiming> timings = new java.util.ArrayList<>();

    /**
     * Where one round's time went, in milliseconds.
     *
     * @param roundMs   the whole round, as the driver sees it
     * @param fitMs     the slowest worker's minibatch loading and fitting
     * @param averageMs averaging the results into the driver's model
     */
    public record RoundTiming(double roundMs, double fitMs, double averageMs) {
    }

    /** Trains on minibatch files. */
    public ResidentRoundTrainer(JavaSparkContext sc, ComputationGraph network, AveragingSettings settings, int workers) {
        this(sc, network, settings, workers, new FileBatches());
    }

    /**
     * @param settings what of the averaging settings applies here: {@code averageUpdaterState} and
     *                 {@code prefetchBatches} (the workers' count is {@code workers})
     */
    public ResidentRoundTrainer(JavaSparkContext sc, ComputationGraph network, AveragingSettings settings, int workers,
            BatchSource batches) {
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be > 0 but was " + workers);
        }
        this.sc = sc;
        this.network = network;
        this.workers = workers;
        this.averageState = settings.averageUpdaterState();
        this.prefetch = settings.prefetchBatches();
        this.batches = batches;
        this.roundTimeoutSeconds = sc.getConf().getTimeAsSeconds(ROUND_TIMEOUT_PROPERTY, "0");
    }

    /** Waits at most {@code seconds} for a round's results (tests; the property sets it for jobs). */
    ResidentRoundTrainer roundTimeout(long seconds) {
        this.roundTimeoutSeconds = seconds;
        return this;
    }

    /** Seconds the current round may wait for its results. */
    long roundDeadlineSeconds() {
        if (roundTimeoutSeconds > 0) {
            return roundTimeoutSeconds;
        }
        if (longestWaitNanos == 0) {
            return FIRST_ROUND_TIMEOUT_S;
        }
        return Math.max(MIN_ROUND_TIMEOUT_S, ROUND_TIMEOUT_FACTOR * TimeUnit.NANOSECONDS.toSeconds(longestWaitNanos));
    }

    /** Waits at most {@code seconds} for the workers to connect (tests). */
    ResidentRoundTrainer connectTimeout(int seconds) {
        this.connectTimeoutSeconds = seconds;
        return this;
    }

    @Override
    public double fitRound(List<String> files) {
        if (files.size() % workers != 0) {
            throw new IllegalArgumentException("a round's " + files.size() + " files must split evenly over " + workers + " workers");
        }
        if (hung) {
            throw new IllegalStateException("Resident workers: an earlier round passed its deadline and a worker may still"
                    + " hang; close this trainer");
        }
        long start = System.nanoTime();
        start();
        int perWorker = files.size() / workers;
        for (int restart = 0; restart <= MAX_ROUND_RESTARTS; restart++) {
            ExchangeServer.Link[] links = awaitWorkers();
            long seq = ++sequence;
            ExchangeServer.Result[] results = send(links, seq, files, perWorker) ? collect(links, seq, files, perWorker) : null;
            if (results != null) {
                long averageStart = System.nanoTime();
                double score = average(results);
                long end = System.nanoTime();
                network.getConfiguration().setIterationCount(network.getConfiguration().getIterationCount() + perWorker);
                long slowest = 0;
                for (ExchangeServer.Result r : results) {
                    slowest = Math.max(slowest, r.fitNanos());
                }
                timings.add(new RoundTiming((end - start) / 1e6, slowest / 1e6, (end - averageStart) / 1e6));
                return score;
            }
            restarts++;
            if (restart == MAX_ROUND_RESTARTS) {
                break;
            }
            log.warn("Resident workers: a worker was lost during the round; running the round again from the driver's "
                    + "parameters ({} of {} restarts)", restart + 1, MAX_ROUND_RESTARTS);
        }
        throw new IllegalStateException("Training round restarted " + MAX_ROUND_RESTARTS + " times after lost workers; giving up");
    }

    /** Starts the server and the workers' Spark job, once. */
    private void start() {
        if (server != null) {
            return;
        }
        SecureRandom random = new SecureRandom();
        long token = random.nextLong();
        INDArray params = network.params();
        INDArray state = averageState ? network.getUpdater().getStateViewArray() : null;
        String host = sc.getConf().get("spark.driver.host");
        try {
            server = new ExchangeServer(workers, sc.getConf().get("spark.driver.bindAddress", host),
                    sc.getConf().getInt(PORT_PROPERTY, 0), token,
                    () -> new INDArray[] {params.ulike(), state == null ? null : state.ulike()});
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the resident workers' exchange port: " + e.getMessage(), e);
        }
        Map<String, String> hadoop = new HashMap<>();
        sc.hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
        ResidentWorker worker = new ResidentWorker(host, server.port(), token, batches, hadoop, prefetch);
        sc.setJobGroup("attend-resident-" + Integer.toHexString(random.nextInt()),
                "attend-spark resident training workers (" + workers + ")", true);
        try {
            job = sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers).foreachPartitionAsync(worker);
        } catch (Exception e) {          // e.g. Spark's "Task not serializable" for a batch source
            server.close();
            server = null;
            throw e instanceof RuntimeException r ? r
                    : new IllegalStateException("Could not start the resident workers: " + e.getMessage(), e);
        } finally {
            sc.clearJobGroup();
        }
        log.info("Resident workers: started {} training tasks; they connect to {}:{}", workers, host, server.port());
    }

    /** Waits until every partition has a connected worker. */
    private ExchangeServer.Link[] awaitWorkers() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(connectTimeoutSeconds);
        long nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            ExchangeServer.Link[] links = server.links();
            int connected = 0;
            for (ExchangeServer.Link l : links) {
                connected += l == null ? 0 : 1;
            }
            if (connected == workers) {
                return links;
            }
            checkJob();
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("Resident workers: only " + connected + " of " + workers + " worker tasks connected within "
                        + connectTimeoutSeconds + " s. They must all run at once: give the job " + workers
                        + " free task slots, or lower averaging.workers, or set averaging.residentWorkers=false");
            }
            if (now > nextLog) {
                log.info("Resident workers: {} of {} connected, waiting ({} executors registered with the driver)", connected,
                        workers, Math.max(0, sc.sc().statusTracker().getExecutorInfos().length - 1));
                nextLog = now + TimeUnit.SECONDS.toNanos(30);
            }
            poll(200);
        }
    }

    /** Sends every worker its command; false if a link broke. */
    private boolean send(ExchangeServer.Link[] links, long seq, List<String> files, int perWorker) {
        int iteration = network.getConfiguration().getIterationCount();
        int epoch = network.getConfiguration().getEpochCount();
        ComputationGraphConfiguration conf = network.getConfiguration().clone();   // clone() drops the counters
        conf.setIterationCount(0);
        conf.setEpochCount(0);
        String json = conf.toJson();
        INDArray state = network.getUpdater().getStateViewArray();
        for (ExchangeServer.Link link : links) {
            try {
                ExchangeWire wire = link.wire;
                wire.writeInt(ExchangeWire.ROUND);
                wire.writeLong(seq);
                wire.writeInt(iteration);
                wire.writeInt(epoch);
                wire.writeString(json.equals(link.sentConf) ? "" : json);
                link.sentConf = json;
                wire.writeArray(network.params());
                wire.writeArray(averageState ? state : null);
                List<String> mine = files.subList(link.partition * perWorker, (link.partition + 1) * perWorker);
                wire.writeInt(mine.size());
                for (String f : mine) {
                    wire.writeString(f);
                }
            } catch (IOException e) {
                log.warn("Resident workers: could not send the round to {}: {}", link, e.getMessage());
                server.drop(link);
                return false;
            } catch (RuntimeException e) {    // the link may hold half a command now: it cannot be used again
                server.drop(link);
                throw e;
            }
        }
        return true;
    }

    /** Every worker's result for {@code seq}; null if a worker was lost or replaced meanwhile. */
    private ExchangeServer.Result[] collect(ExchangeServer.Link[] links, long seq, List<String> files, int perWorker) {
        ExchangeServer.Result[] results = new ExchangeServer.Result[workers];
        int got = 0;
        long waitStart = System.nanoTime();
        long deadlineSeconds = roundDeadlineSeconds();
        long nextLog = waitStart + TimeUnit.MINUTES.toNanos(1);
        while (got < workers) {
            ExchangeServer.Event event = poll(1000);
            if (event == null) {                          // nothing queued: the job, the deadline, progress
                checkJob();
                long now = System.nanoTime();
                if (now - waitStart > TimeUnit.SECONDS.toNanos(deadlineSeconds)) {
                    hung = true;
                    throw new IllegalStateException("Resident workers: partition(s) " + missing(results) + " sent no result"
                            + " within " + deadlineSeconds + " s of the round (the longest round so far waited "
                            + TimeUnit.NANOSECONDS.toSeconds(longestWaitNanos) + " s): a worker task may be hung (a thread"
                            + " dump of its executor shows where). The driver's model is as the last completed round left"
                            + " it. If rounds can take this long, set " + ROUND_TIMEOUT_PROPERTY + " (seconds, or e.g. 2h)");
                }
                if (now > nextLog) {
                    log.info("Resident workers: waiting for partition(s) {}, {} s into the round (gives up after {} s)",
                            missing(results), TimeUnit.NANOSECONDS.toSeconds(now - waitStart), deadlineSeconds);
                    nextLog = now + TimeUnit.MINUTES.toNanos(1);
                }
            } else if (event instanceof ExchangeServer.Result r && links[r.link().partition] == r.link() && r.seq() == seq) {
                if (r.status() == ExchangeWire.NON_FINITE) {
                    throw new IllegalStateException("Training loss " + r.score() + " on worker partition " + r.link().partition
                            + ", minibatch " + (r.minibatch() + 1) + " of " + perWorker + " in this round (" + r.file()
                            + "); the round is discarded, nothing is committed");
                }
                if (results[r.link().partition] == null) {
                    got++;
                }
                results[r.link().partition] = r;
            } else if (event instanceof ExchangeServer.Lost l && links[l.link().partition] == l.link()) {
                log.warn("Resident workers: lost {}: {}", l.link(), l.cause().toString());
                return null;
            } else if (event instanceof ExchangeServer.Joined j && links[j.link().partition] != j.link() && server.isCurrent(j.link())) {
                log.warn("Resident workers: {} replaced the worker of its partition", j.link());
                links[j.link().partition].close();
                return null;
            }
        }
        longestWaitNanos = Math.max(longestWaitNanos, System.nanoTime() - waitStart);
        return results;
    }

    /** The partitions without a result yet. */
    private static List<Integer> missing(ExchangeServer.Result[] results) {
        List<Integer> missing = new java.util.ArrayList<>();
        for (int p = 0; p < results.length; p++) {
            if (results[p] == null) {
                missing.add(p);
            }
        }
        return missing;
    }

    /** Mean parameters (and optimiser state) of the results into the driver's network; returns the mean loss. */
    private double average(ExchangeServer.Result[] results) {
        INDArray params = network.params();
        INDArray state = network.getUpdater().getStateViewArray();
        double score = 0;
        for (int w = 0; w < workers; w++) {
            ExchangeServer.Link link = results[w].link();
            if (w == 0) {
                params.assign(link.params);
            } else {
                params.addi(link.params);
            }
            if (averageState && state != null) {
                if (w == 0) {
                    state.assign(link.state);
                } else {
                    state.addi(link.state);
                }
            }
            score += results[w].score();
        }
        if (workers > 1) {
            params.divi(workers);
            if (averageState && state != null) {
                state.divi(workers);
            }
        }
        return score / workers;
    }

    private ExchangeServer.Event poll(long millis) {
        try {
            return server.poll(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the resident workers", e);
        }
    }

    /** Fails if the workers' Spark job has ended (it only ends when told to stop). */
    private void checkJob() {
        if (job == null || !job.isDone()) {
            return;
        }
        try {
            job.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("The resident workers' Spark job failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.CancellationException e) {
            throw new IllegalStateException("The resident workers' Spark job was cancelled", e);
        }
        throw new IllegalStateException("The resident workers' Spark job ended before training did");
    }

    @Override
    public ComputationGraph network() {
        return network;
    }

    /** How many rounds were run again after a lost worker so far. */
    public int restarts() {
        return restarts;
    }

    /** Each round's timing so far (rounds restarted after a lost worker count once, with their whole time). */
    public List<RoundTiming> timings() {
        return List.copyOf(timings);
    }

    /**
     * Tells the workers to stop and waits for their job to end; cancels it at once when some worker
     * never connected, and after a minute otherwise.
     */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        boolean all = true;
        for (ExchangeServer.Link link : server.links()) {
            if (link == null) {
                all = false;   // a task that never started would keep the job waiting for a slot
            } else {
                try {
                    link.wire.writeInt(ExchangeWire.STOP);
                } catch (IOException e) {
                    link.close();
                }
            }
        }
        try {
            if (job == null) {
                return;
            }
            if (!all || hung) {
                job.cancel(true);   // a hung worker would not read its STOP
            }
            job.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("Resident workers did not stop within 60 s; cancelling their job");
            job.cancel(true);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            log.debug("Resident workers' job ended with {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
        } finally {
            server.close();
            server = null;
            job = null;
            hung = false;
        }
    }
}
