package dev.aifactory.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real factory as processes, started and stopped with the {@code ./factory} launcher on ports
 * of its own (so a developer's running factory is left alone), with its own Kafka broker.
 */
final class RunningFactory implements AutoCloseable {

  static final int GATEWAY = 18080;
  static final int INGESTION = 18081;
  static final int TRAINING = 18082;
  static final int MONITORING = 18083;
  static final int POLICY = 18084;
  static final int DASHBOARD = 18085;
  static final int KAFKA = 19092;

  final Path root;
  final Path runDir;

  private RunningFactory(Path root, Path runDir) {
    this.root = root;
    this.runDir = runDir;
  }

  private static RunningFactory shared;
  private static DemoRun demo;

  /** One finished demo loop: the driver's result and what it printed on the way. */
  record DemoRun(ObjectNode result, String transcript) {}

  /**
   * The factory the system tests of this JVM share: started by the first test class that asks and
   * stopped when the JVM exits. Starting the services and the broker, and stopping them, took a
   * minute or more per class on a 2-core machine; the classes keep out of each other's way by
   * working on objects of their own (unique model groups, endpoints and datasets).
   */
  static synchronized RunningFactory shared() throws IOException, InterruptedException {
    if (shared == null) {
      RunningFactory factory = start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      factory.close();
                    } catch (IOException | InterruptedException e) {
                      // the JVM is exiting: the launcher's pid files let ./factory down finish
                    }
                  }));
      shared = factory;
    }
    return shared;
  }

  /**
   * The built-in demo loop (dataset to drift-triggered retraining), run once on the shared factory
   * for every test that needs a finished loop's objects; a loop that threw is run again by the next
   * test that asks.
   */
  static synchronized DemoRun demoLoop() throws IOException, InterruptedException {
    if (demo == null) {
      RunningFactory factory = shared();
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      ObjectNode result;
      try (PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8)) {
        result = new DemoLoop(factory.demoConfig(null, null), out).run();
      }
      demo = new DemoRun(result, progress.toString(StandardCharsets.UTF_8));
    }
    return demo;
  }

  private static RunningFactory start() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("aifactory.root", "..")).toAbsolutePath().normalize();
    Path runDir = root.resolve("e2e-tests/target/e2e-run");
    Files.createDirectories(runDir);
    RunningFactory factory = new RunningFactory(root, runDir);
    factory.launcher("up", Map.of());
    int exit = factory.lastExit;
    if (exit != 0) {
      String logs = factory.logTails();
      factory.close();
      throw new IllegalStateException("./factory up failed (exit " + exit + ")\n" + logs);
    }
    return factory;
  }

  private int lastExit;

  private void launcher(String command, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(root.resolve("factory").toString(), command);
    pb.directory(root.toFile());
    Map<String, String> env = pb.environment();
    env.put("AIFACTORY_RUN_DIR", runDir.toString());
    env.put("AIFACTORY_GATEWAY_PORT", String.valueOf(GATEWAY));
    env.put("AIFACTORY_INGESTION_PORT", String.valueOf(INGESTION));
    env.put("AIFACTORY_TRAINING_PORT", String.valueOf(TRAINING));
    env.put("AIFACTORY_MONITORING_PORT", String.valueOf(MONITORING));
    env.put("AIFACTORY_POLICY_PORT", String.valueOf(POLICY));
    env.put("AIFACTORY_DASHBOARD_PORT", String.valueOf(DASHBOARD));
    env.put("AIFACTORY_KAFKA_PORT", String.valueOf(KAFKA));
    env.put("AIFACTORY_DB_NAME", "aifactory_e2e");
    env.putAll(extraEnv);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("launcher.log").toFile()));
    Process p = pb.start();
    p.waitFor(10, TimeUnit.MINUTES);
    lastExit = p.isAlive() ? -1 : p.exitValue();
  }

  /** Kills a service the hard way (SIGKILL): no shutdown hook, no flush, no commit. */
  void kill(String service) throws IOException, InterruptedException {
    Path pidFile = runDir.resolve("pids").resolve(service + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle.of(pid)
        .ifPresent(
            p -> {
              p.destroyForcibly();
              p.onExit().join();
            });
  }

  /** Starts whatever is not running (the launcher skips live services) and waits for health. */
  void up() throws IOException, InterruptedException {
    launcher("up", Map.of());
    if (lastExit != 0) {
      throw new IllegalStateException("./factory up failed (exit " + lastExit + ")\n" + logTails());
    }
  }

  DemoLoop.Config demoConfig(Path data, String target) {
    return new DemoLoop.Config(
        URI.create("http://127.0.0.1:" + GATEWAY),
        URI.create("http://127.0.0.1:" + INGESTION),
        URI.create("http://127.0.0.1:" + TRAINING),
        URI.create("http://127.0.0.1:" + MONITORING),
        URI.create("http://127.0.0.1:" + POLICY),
        data,
        target,
        "demo-ml",
        "demo-ml-secret",
        java.time.Duration.ofMinutes(4));
  }

  String logTails() {
    List<String> out = new ArrayList<>();
    Path logs = runDir.resolve("logs");
    try {
      out.add("== launcher.log ==");
      if (Files.exists(runDir.resolve("launcher.log"))) {
        out.addAll(tail(runDir.resolve("launcher.log"), 40));
      }
      if (Files.isDirectory(logs)) {
        try (var files = Files.list(logs)) {
          for (Path f : files.sorted().toList()) {
            out.add("== " + f.getFileName() + " ==");
            out.addAll(tail(f, 40));
          }
        }
      }
    } catch (IOException e) {
      out.add("(logs unreadable: " + e.getMessage() + ")");
    }
    return String.join("\n", out);
  }

  private static List<String> tail(Path file, int n) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    launcher("down", Map.of());
  }
}
