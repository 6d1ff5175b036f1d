package dev.aifactory.ingestion.dataset.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds parsed rows to the {@link ColumnAccumulator}s on other threads, so that parsing (one
 * thread: a CSV parser is sequential) and column statistics run at the same time. The reader hands
 * over batches of rows; each worker owns a fixed subset of the columns (column {@code i} belongs to
 * worker {@code i % workers}), so an accumulator is only ever touched by one thread and needs no
 * locking. Every worker sees every batch, in order, through its own queue of {@value #QUEUED}
 * batches: memory is bounded by {@code QUEUED × BATCH_ROWS} rows, whatever the file size, and the
 * reader blocks while the workers are behind.
 *
 * <p>A worker's failure (e.g. from a value observer) is rethrown to the reader at its next
 * hand-over or at {@link #finish}; {@link #close} always stops the workers.
 */
public final class ColumnWorkers implements AutoCloseable {

  /** Rows per hand-over: large enough that queue traffic is negligible per row. */
  public static final int BATCH_ROWS = 512;

  static final int QUEUED = 8;

  private static final Batch END = new Batch(new String[0][], 0);

  private final List<Worker> workers = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private String[][] rows = new String[BATCH_ROWS][];
  private int size;

  private record Batch(String[][] rows, int size) {}

  /**
   * @param threads worker threads; at least one
   */
  public ColumnWorkers(List<ColumnAccumulator> columns, int threads) {
    int n = Math.max(1, Math.min(threads, columns.size()));
    for (int w = 0; w < n; w++) {
      List<Integer> indexes = new ArrayList<>();
      for (int i = w; i < columns.size(); i += n) {
        indexes.add(i);
      }
      workers.add(new Worker(columns, indexes, w));
    }
    workers.forEach(w -> w.thread.start());
  }

  /**
   * Hands over one row; the array must not be changed afterwards.
   *
   * @throws IllegalStateException wrapping a worker's failure
   */
  public void add(String[] row) {
    rows[size++] = row;
    if (size == BATCH_ROWS) {
      handOver(new Batch(rows, size));
      rows = new String[BATCH_ROWS][];
      size = 0;
    }
  }

  /** Waits until every handed-over row is accumulated; then the accumulators may be read. */
  public void finish() {
    if (size > 0) {
      handOver(new Batch(rows, size));
      size = 0;
    }
    handOver(END);
    for (Worker w : workers) {
      try {
        w.thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while profiling", e);
      }
    }
    rethrow();
  }

  @Override
  public void close() {
    for (Worker w : workers) {
      w.thread.interrupt();
    }
  }

  private void handOver(Batch batch) {
    for (Worker w : workers) {
      try {
        // Time-boxed so that a failed worker (which no longer takes) does not block the reader.
        while (!w.queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
          rethrow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while profiling", e);
      }
    }
    rethrow();
  }

  private void rethrow() {
    Throwable t = failure.get();
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  private final class Worker implements Runnable {

    final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
    final ColumnAccumulator[] columns;
    final int[] indexes;
    final Thread thread;

    Worker(List<ColumnAccumulator> all, List<Integer> indexes, int number) {
      this.indexes = indexes.stream().mapToInt(Integer::intValue).toArray();
      this.columns = new ColumnAccumulator[this.indexes.length];
      for (int j = 0; j < this.indexes.length; j++) {
        columns[j] = all.get(this.indexes[j]);
      }
      this.thread = new Thread(this, "profile-columns-" + number);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (true) {
          Batch batch = queue.take();
          if (batch == END) {
            return;
          }
          // Column by column over the batch: each accumulator's state stays in cache.
          for (int j = 0; j < indexes.length; j++) {
            ColumnAccumulator column = columns[j];
            int i = indexes[j];
            String[][] rows = batch.rows();
            for (int r = 0; r < batch.size(); r++) {
              column.add(rows[r][i]);
            }
          }
        }
      } catch (InterruptedException e) {
        // Stopped by close(): the reader failed or gave up.
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }
  }
}
