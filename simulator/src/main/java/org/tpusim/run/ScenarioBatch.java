package org.tpusim.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.tpusim.input.InputException;

/**
 * The one runner of many scenarios (or sweep points, or layout candidates): runs a task per item on a fixed pool
 * of threads, each task on its own engine, and returns the results in input order, so what a command prints or
 * writes from them does not depend on the number of threads or on timing. The commands only choose what to run.
 *
 * <p>Progress goes to a {@link Listener}: {@link Listener#finished} as each item finishes (worker threads, one call
 * at a time), {@link Listener#inOrder} on the caller's thread in input order as soon as an item and every item
 * before it have finished. A task that throws stops the batch: items not started are cancelled, the items before it
 * have been delivered in order, and the failure is rethrown on the caller's thread, an {@link InputException} as it
 * is (invalid input, exit 2), anything else as an {@link IllegalStateException} naming the item.
 *
 * @param <T> what is run (a scenario, a sweep point)
 * @param <R> its result
 */
public final class ScenarioBatch<T, R> {
    /** What to do with one item; runs on a worker thread. */
    @FunctionalInterface
    public interface Task<T, R> {
        R run(T item) throws Exception;
    }

    /** Told about progress; both methods default to nothing. */
    public interface Listener<T, R> {
        /** Item {@code index} finished ({@code done} of {@code total}); worker thread, one call at a time. */
        default void finished(int index, T item, R result, int done, int total) {
        }

        /** Item {@code index} finished and so did every item before it; caller's thread, in input order. */
        default void inOrder(int index, T item, R result) {
        }
    }

    private final int threads;
    private final String threadName;
    private final Function<T, String> describe;

    /**
     * @param threads    items run at once, at least 1
     * @param threadName names the worker threads
     * @param describe   names an item in a failure message, e.g. {@code scenario x (x.yaml)}
     */
    public ScenarioBatch(int threads, String threadName, Function<T, String> describe) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
        this.threads = threads;
        this.threadName = threadName;
        this.describe = describe;
    }

    /** The threads to use when the user did not say: one per core. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Runs {@code task} on every item; returns the results in input order. */
    public List<R> run(List<T> items, Task<T, R> task, Listener<T, R> listener) {
        Listener<T, R> l = listener != null ? listener : new Listener<>() {
        };
        List<R> results = new ArrayList<>(items.size());
        if (items.isEmpty()) {
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        int[] done = {0};
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                T item = items.get(i);
                futures.add(pool.submit(() -> {
                    R r = task.run(item);
                    synchronized (lock) {
                        done[0]++;
                        l.finished(index, item, r, done[0], items.size());
                    }
                    return r;
                }));
            }
            for (int i = 0; i < items.size(); i++) {
                R r;
                try {
                    r = futures.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw failure(items.get(i), e.getCause());
                }
                results.add(r);
                l.inOrder(i, items.get(i), r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(threadName + " interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private RuntimeException failure(T item, Throwable cause) {
        if (cause instanceof InputException e) {
            return e;
        }
        if (cause instanceof java.io.UncheckedIOException e) {
            return e;
        }
        return new IllegalStateException(describe.apply(item) + " failed: " + cause.getMessage(), cause);
    }
}
