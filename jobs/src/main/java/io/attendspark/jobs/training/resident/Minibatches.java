package io.attendspark.jobs.training.resident;

import io.attendspark.jobs.training.BatchSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A resident worker's minibatches: loaded when they are needed, or with {@code prefetch > 0} up to
 * that many ahead on one loader thread (hides file-system latency; the loaded minibatches wait in
 * memory). A load that fails fails the fit that needs it, with the loader's exception.
 */
final class Minibatches implements AutoCloseable {
    private final BatchSource batches;
    private final Configuration conf;
    private final int prefetch;
    private final ExecutorService loader;

    Minibatches(BatchSource batches, Configuration conf, int prefetch) {
        this.batches = batches;
        this.conf = conf;
        this.prefetch = prefetch;
        this.loader = prefetch > 0 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "resident-minibatch-loader");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** One round's minibatches, in order. */
    Round load(List<String> files) {
        return new Round(List.copyOf(files));
    }

    /** The minibatches of one round; {@link #get} them in order. */
    final class Round {
        private final List<String> files;
        private final List<Future<DataSet>> ahead = new ArrayList<>();

        private Round(List<String> files) {
            this.files = files;
            for (int i = 0; loader != null && i < Math.min(prefetch, files.size()); i++) {
                submit(i);
            }
        }

        List<String> files() {
            return files;
        }

        /** Minibatch {@code i}; call with i = 0, 1, 2, ... */
        DataSet get(int i) {
            if (loader == null) {
                return batches.load(files.get(i), conf);
            }
            if (i + prefetch < files.size()) {
                submit(i + prefetch);
            }
            try {
                return ahead.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading " + files.get(i), e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
        }

        private void submit(int i) {
            String file = files.get(i);
            ahead.add(loader.submit(() -> batches.load(file, conf)));
        }
    }

    @Override
    public void close() {
        if (loader != null) {
            loader.shutdownNow();
        }
    }
}
