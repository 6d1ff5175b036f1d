package dev.aifactory.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    processes.add(builder.start());
    return log;
  }

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
  }
}
