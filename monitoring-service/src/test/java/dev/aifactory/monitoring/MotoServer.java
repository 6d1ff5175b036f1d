package dev.aifactory.monitoring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.awaitility.Awaitility;

/** The local AWS emulator, started by the test itself; tests skip where it is not installed. */
public final class MotoServer implements AutoCloseable {

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts {@code moto_server} on a free port, or skips the calling test class. */
  public static MotoServer startOrSkip() throws Exception {
    String executable = findOnPath("moto_server");
    assumeTrue(executable != null, "moto_server is not installed here; CloudWatch tests skipped");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Awaitility.await("moto_server on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited");
              }
              try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
              } catch (java.io.IOException notYet) {
                return false;
              }
            });
    return new MotoServer(process, URI.create("http://127.0.0.1:" + port));
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.destroy();
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, name);
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    return null;
  }
}
