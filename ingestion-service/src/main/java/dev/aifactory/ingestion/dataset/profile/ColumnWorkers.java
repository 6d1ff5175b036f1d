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
 * <p>The reading thread also keeps a share of the columns for itself ({@link #readerShare}), and
 * accumulates them for each batch right after handing it over, while the workers do theirs. Why:
 * with one worker on the 20-column benchmark file the worker was the bottleneck (~35 s of
 * statistics against ~19 s of parsing, JFR), so the reader sat idle half of the time.
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
  private final ColumnAccumulator[] own;
  private final int[] ownIndexes;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private String[][] rows = new String[BATCH_ROWS][];
  private int size;

  private record Batch(String[][] rows, int size) {}

  /**
   * @param threads worker threads; at least one
   */
  public ColumnWorkers(List<ColumnAccumulator> columns, int threads) {
    int kept = readerShare(columns.size(), threads);
    // Every (columns / kept)-th column stays with the reader: a mix of the file's column kinds.
    int stride = kept == 0 ? Integer.MAX_VALUE : columns.size() / kept;
    List<Integer> mine = new ArrayList<>();
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (mine.size() < kept && i % stride == stride - 1) {
        mine.add(i);
      } else {
        others.add(i);
      }
    }
    this.ownIndexes = mine.stream().mapToInt(Integer::intValue).toArray();
    this.own = new ColumnAccumulator[ownIndexes.length];
    for (int j = 0; j < ownIndexes.length; j++) {
      own[j] = columns.get(ownIndexes[j]);
    }
    int n = Math.max(1, Math.min(threads, others.size()));
    for (int w = 0; w < n; w++) {
      List<Integer> indexes = new ArrayList<>();
      for (int k = w; k < others.size(); k += n) {
        indexes.add(others.get(k));
      }
      workers.add(new Worker(columns, indexes, w));
    }
    workers.forEach(w -> w.thread.start());
  }

  /**
   * How many columns the reading thread accumulates itself: parsing a row costs about as much as
   * the statistics of half its columns (measured on the benchmark file), so the reader takes its
   * part of the remaining half, shared with the workers: a quarter of the columns with one worker,
   * a sixth with two. None below four columns.
   */
  static int readerShare(int columns, int threads) {
    return columns / (2 * (Math.max(1, threads) + 1));
  }

  /**
   * Hands over one row; the array must not be changed afterwards.
   *
   * @throws IllegalStateException wrapping a worker's failure
   */
  public void add(String[] row) {
    rows[size++] = row;
    if (size == BATCH_ROWS) {
      Batch batch = new Batch(rows, size);
      handOver(batch);
      accumulate(own, ownIndexes, batch);
      rows = new String[BATCH_ROWS][];
      size = 0;
    }
  }

  /** Waits until every handed-over row is accumulated; then the accumulators may be read. */
  public void finish() {
    if (size > 0) {
      Batch batch = new Batch(rows, size);
      handOver(batch);
      accumulate(own, ownIndexes, batch);
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

  /** Column by column over the batch: each accumulator's state stays in cache. */
  private static void accumulate(ColumnAccumulator[] columns, int[] indexes, Batch batch) {
    String[][] rows = batch.rows();
    for (int j = 0; j < indexes.length; j++) {
      ColumnAccumulator column = columns[j];
      int i = indexes[j];
      for (int r = 0; r < batch.size(); r++) {
        column.add(rows[r][i]);
      }
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
          accumulate(columns, indexes, batch);
        }
      } catch (InterruptedException e) {
        // Stopped by close(): the reader failed or gave up.
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }
  }
}
