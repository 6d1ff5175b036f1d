package dev.aifactory.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long the servers' threads ran and how long they waited for a core while runnable, sampled
 * every {@link #INTERVAL_MILLIS} ms and on demand, so that a slow pass or second can be told apart
 * into "the server did more", "the server's threads were runnable but not running" (the machine's
 * two cores were busy elsewhere) and neither (its threads were blocked: a lock, I/O, a safepoint).
 *
 * <p>Sources (Linux): {@code /proc/<pid>/task/<tid>/schedstat}, whose first two fields are the
 * thread's time on a CPU and its time runnable on a run queue (ns); and {@code /proc/pressure/cpu}
 * (PSI), whose {@code some total} is the time (µs) in which at least one task on the machine was
 * waiting for a CPU. Per thread, so a thread that starts between two samples counts from zero and
 * one that ends loses only its last interval; the sums never go backwards. Where these files do not
 * exist a window has no entry for the process (or NaN pressure), and the lines print NaN.
 *
 * <p>The servers' CPU per request the benchmark reports still comes from {@code /proc/<pid>/stat}
 * ({@link ServerProcesses#cpuNanos}): that counts threads that have ended too, which these
 * per-thread sums lose for their last interval.
 *
 * <p>Why a sampler and not reads at the pass boundaries only: the slowest second of a 10-s pass is
 * found after the pass, so the values inside it must already have been recorded. Its cost, reading
 * a few hundred small files four times a second, is counted in the load generator's CPU.
 */
final class RunQueueSampler implements AutoCloseable {

  static final long INTERVAL_MILLIS = 250;

  /**
   * Run and wait time a server's threads have accumulated (ns), and how many times they were put
   * onto a core (each wake-up or preemption that let a thread run again counts one).
   */
  record Threads(long runNanos, long waitNanos, long switches) {

    Threads minus(Threads earlier) {
      return new Threads(
          runNanos - earlier.runNanos, waitNanos - earlier.waitNanos, switches - earlier.switches);
    }
  }

  /** One sample: when, each server's threads, the machine's CPU pressure total (µs, or -1). */
  record Sample(Instant at, Map<String, Threads> servers, long pressureMicros) {}

  /**
   * What happened between two samples: the servers' run and wait time (ns) and the share of the
   * window in which some task on the machine waited for a CPU (0–1, or NaN).
   */
  record Window(double seconds, Map<String, Threads> servers, double pressureShare) {

    /** The server's run-queue wait in the window, as ms per second of the window. */
    double waitMillisPerSecond(String name) {
      Threads t = servers.get(name);
      return t == null ? Double.NaN : t.waitNanos() / 1e6 / seconds;
    }

    /** What the processes other than {@code name} ran and waited in the window, for a log line. */
    String others(String name) {
      StringBuilder line = new StringBuilder();
      servers.forEach(
          (other, t) -> {
            if (!other.equals(name)) {
              line.append(line.isEmpty() ? "" : ", ")
                  .append(
                      String.format(
                          java.util.Locale.ROOT,
                          "%s ran %.2f cores and waited %.1f ms/s",
                          other,
                          cores(other),
                          waitMillisPerSecond(other)));
            }
          });
      return line.toString();
    }

    /** How many times the server's threads were put onto a core in the window (NaN if unknown). */
    double switches(String name) {
      Threads t = servers.get(name);
      return t == null ? Double.NaN : t.switches();
    }

    /** The server's time on a CPU in the window, as cores (seconds per second). */
    double cores(String name) {
      Threads t = servers.get(name);
      return t == null ? Double.NaN : t.runNanos() / 1e9 / seconds;
    }
  }

  private static final Path PRESSURE = Path.of("/proc/pressure/cpu");

  private final Map<String, Long> pids;

  /** Per server, per thread id: run and wait (ns) at the last sample. */
  private final Map<String, Map<Long, long[]>> lastByThread = new HashMap<>();

  /** Per server: the sums so far, only ever growing. */
  private final Map<String, long[]> totals = new HashMap<>();

  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  private RunQueueSampler(Map<String, Long> pids) {
    this.pids = new LinkedHashMap<>(pids);
    pids.keySet()
        .forEach(
            name -> {
              lastByThread.put(name, new HashMap<>());
              totals.put(name, new long[3]);
            });
    sample();
    this.thread = new Thread(this::loop, "run-queue-sampler");
    thread.setDaemon(true);
  }

  /** Starts sampling the processes named in {@code pids}. */
  static RunQueueSampler start(Map<String, Long> pids) {
    RunQueueSampler sampler = new RunQueueSampler(pids);
    sampler.thread.start();
    return sampler;
  }

  private void loop() {
    while (running) {
      try {
        TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      sample();
    }
  }

  /** Takes a sample now (also called at pass boundaries, so that a pass's window is exact). */
  synchronized Sample sample() {
    Instant at = Instant.now();
    Map<String, Threads> servers = new LinkedHashMap<>();
    pids.forEach((name, pid) -> servers.put(name, read(name, pid)));
    Sample sample = new Sample(at, servers, pressureMicros());
    samples.add(sample);
    return sample;
  }

  /**
   * The window from the last sample at or before {@code from} to the first at or after {@code to}
   * (so it may be up to an interval wider on each side than asked for).
   */
  synchronized Window between(Instant from, Instant to) {
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    for (Sample s : samples) {
      if (!s.at().isAfter(from)) {
        first = s;
      }
    }
    for (int i = samples.size() - 1; i >= 0; i--) {
      if (!samples.get(i).at().isBefore(to)) {
        last = samples.get(i);
      }
    }
    return between(first, last);
  }

  static Window between(Sample first, Sample last) {
    double seconds = Math.max(1e-9, (last.at().toEpochMilli() - first.at().toEpochMilli()) / 1e3);
    Map<String, Threads> deltas = new LinkedHashMap<>();
    last.servers()
        .forEach(
            (name, t) -> {
              Threads before = first.servers().get(name);
              if (before != null && t.runNanos() >= 0 && before.runNanos() >= 0) {
                deltas.put(name, t.minus(before));
              }
            });
    double pressure =
        first.pressureMicros() < 0 || last.pressureMicros() < 0
            ? Double.NaN
            : (last.pressureMicros() - first.pressureMicros()) / 1e6 / seconds;
    return new Window(seconds, deltas, pressure);
  }

  private Threads read(String name, long pid) {
    Map<Long, long[]> last = lastByThread.get(name);
    Map<Long, long[]> now = new HashMap<>();
    long[] sum = totals.get(name);
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        long[] values = parseSchedstat(task.resolve("schedstat"));
        if (values == null) {
          continue; // the thread ended while the directory was read
        }
        long tid = Long.parseLong(task.getFileName().toString());
        long[] before = last.get(tid);
        sum[0] += values[0] - (before == null ? 0 : before[0]);
        sum[1] += values[1] - (before == null ? 0 : before[1]);
        sum[2] += values[2] - (before == null ? 0 : before[2]);
        now.put(tid, values);
      }
    } catch (IOException | RuntimeException e) {
      return new Threads(-1, -1, -1);
    }
    lastByThread.put(name, now);
    return new Threads(sum[0], sum[1], sum[2]);
  }

  /**
   * Run time and wait time (ns) and the times run on a core, the three fields of a thread's {@code
   * schedstat}; null if gone.
   */
  static long[] parseSchedstat(Path file) {
    try {
      String[] fields = Files.readString(file).trim().split(" ");
      return new long[] {
        Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code some ... total=<µs>} from the first line of {@code /proc/pressure/cpu}; -1 if none. */
  private static long pressureMicros() {
    try {
      return parsePressure(Files.readAllLines(PRESSURE).get(0));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long parsePressure(String someLine) {
    int at = someLine.indexOf("total=");
    if (!someLine.startsWith("some") || at < 0) {
      throw new IllegalArgumentException("Not PSI's 'some' line: " + someLine);
    }
    return Long.parseLong(someLine.substring(at + "total=".length()).trim());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
