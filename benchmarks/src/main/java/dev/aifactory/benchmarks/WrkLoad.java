package dev.aifactory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load from {@code wrk} (Debian package {@code wrk}), a C load generator on epoll.
 *
 * <p>Why next to the JVM drivers: on a 2-core machine the load generator competes with the servers
 * it measures. A JVM client spends a large share of a core on 400 connections; {@code wrk} spends a
 * fraction of that, so the servers get the CPU they would get in production, where clients are
 * elsewhere. The JVM drivers stay, so both views are printed side by side in one run.
 */
record WrkLoad(String name, String url, String authorization, byte[] body) {

  /** Whether {@code wrk} is installed; benchmarks skip its rows when it is not. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What one {@code wrk} run reported. */
  record Result(
      double requestsPerSecond,
      long requests,
      long non2xx,
      long socketErrors,
      Map<Integer, Double> latencyPercentilesMillis) {

    double percentileMillis(int p) {
      return latencyPercentilesMillis.getOrDefault(p, Double.NaN);
    }

    long errors() {
      return non2xx + socketErrors;
    }
  }

  /**
   * Runs {@code wrk} for {@code duration} with {@code connections} connections on {@code threads}
   * threads, POSTing the body with the authorization header, and parses its report.
   */
  Result run(int connections, int threads, Duration duration, Path work)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile(work, "wrk-", ".lua");
    Files.writeString(
        script,
        "wrk.method = \"POST\"\n"
            + "wrk.body = "
            + luaString(new String(body, StandardCharsets.UTF_8))
            + "\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.headers[\"Accept\"] = \"application/json\"\n"
            + "wrk.headers[\"Authorization\"] = "
            + luaString(authorization)
            + "\n");
    List<String> command =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + Math.max(1, duration.toSeconds()) + "s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.toString(),
            url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("wrk did not finish: " + output);
    }
    if (process.exitValue() != 0) {
      throw new IOException("wrk failed (" + process.exitValue() + "): " + output);
    }
    return parse(output);
  }

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s+(\\d+)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

  static Result parse(String output) {
    Matcher rate = RATE.matcher(output);
    Matcher total = TOTAL.matcher(output);
    if (!rate.find() || !total.find()) {
      throw new IllegalStateException("unexpected wrk output: " + output);
    }
    long non2xx = find(NON_2XX, output).map(m -> Long.parseLong(m.group(1))).orElse(0L);
    long socket =
        find(SOCKET, output)
            .map(
                m ->
                    Long.parseLong(m.group(1))
                        + Long.parseLong(m.group(2))
                        + Long.parseLong(m.group(3))
                        + Long.parseLong(m.group(4)))
            .orElse(0L);
    Map<Integer, Double> percentiles = new java.util.TreeMap<>();
    Matcher p = PERCENTILE.matcher(output);
    while (p.find()) {
      double value = Double.parseDouble(p.group(2));
      double millis =
          switch (p.group(3)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
          };
      percentiles.put(Integer.parseInt(p.group(1)), millis);
    }
    return new Result(
        Double.parseDouble(rate.group(1)),
        Long.parseLong(total.group(1)),
        non2xx,
        socket,
        percentiles);
  }

  private static Optional<Matcher> find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m) : Optional.empty();
  }

  private static String luaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
