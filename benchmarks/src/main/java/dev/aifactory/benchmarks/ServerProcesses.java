package dev.aifactory.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The servers a benchmark starts as processes of their own (the service jars, stub servers): each
 * logs to {@code <work>/<name>.log}; {@link #awaitUp} fails fast when one exits early; {@link
 * #close} stops them all (gracefully, then forcibly after 20 s).
 */
public final class ServerProcesses implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> byName = new java.util.HashMap<>();
  private final Path work;

  public ServerProcesses(Path work) {
    this.work = work;
  }

  /** Starts {@code command} with extra environment; returns its log file. */
  public Path start(String name, List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Path log = work.resolve(name + ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    processes.add(process);
    byName.put(name, process);
    return log;
  }

  /** The process id of the server started as {@code name}, or -1. */
  public long pid(String name) {
    Process process = byName.get(name);
    return process == null ? -1 : process.pid();
  }

  /**
   * CPU time (user + system) the server started as {@code name} has used so far, from {@code
   * /proc/<pid>/stat} (Linux; clock-tick resolution, 10 ms); -1 where that cannot be read.
   */
  public long cpuNanos(String name) {
    Process process = byName.get(name);
    if (process == null) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      // Fields after the command name (which may hold spaces) start at the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** USER_HZ: 100 on every Linux this runs on (what {@code getconf CLK_TCK} prints). */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  /** Waits until {@code url} answers 200, failing as soon as a started server has exited. */
  public void awaitUp(String url, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "A server exited early (exit " + p.exitValue() + "); see the logs in " + work);
        }
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(url + " did not come up; see the logs in " + work);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    byName.clear();
  }
}
