package dev.aifactory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets the nice value of the calling thread (Linux: each thread is its own task, with its own nice
 * value), used for the open-loop sender thread.
 *
 * <p>Why: on the benchmark's two cores the load generator shares the CPUs with the server under
 * test, and Linux's scheduler is fair per thread, not per process. A server with eight runnable
 * request threads then gets eight shares to the sender's one, and the sender writes requests late
 * and reads answers late; since latency counts from each request's due time, that lateness lands in
 * the server's latencies, more for the server that keeps more threads runnable. A client on its own
 * machine, as in production, is not slowed by the server. A lower nice value (a larger weight)
 * gives the one sender thread its share back; both targets of a comparison are measured with it.
 */
final class SchedulingPriority {

  private SchedulingPriority() {}

  /**
   * Sets the calling thread's nice value (needs root or {@code CAP_SYS_NICE} to lower it) and says
   * what it is afterwards; on a machine without {@code /proc/thread-self} or {@code renice} it
   * leaves it and says why.
   */
  static String setForCurrentThread(int nice) {
    try {
      String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
              .redirectErrorStream(true)
              .start();
      String output = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (renice.waitFor() != 0) {
        return "nice unchanged (renice: " + output.strip() + ")";
      }
      return "thread " + tid + " at nice " + niceOf(tid);
    } catch (IOException | UnsupportedOperationException e) {
      return "nice unchanged (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "nice unchanged (interrupted)";
    }
  }

  /** Field 19 of {@code /proc/self/task/<tid>/stat}, counted after the command name's ')'. */
  static int niceOf(String tid) throws IOException {
    String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[19 - 3]);
  }
}
