package dev.aifactory.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A stand-in Open Inference Protocol v2 model server for the remote-backend benchmark, run as its
 * own JVM: {@code /v2/models/slow} answers after {@code delayMs} (a model that takes that long),
 * {@code /v2/models/fail} answers 500 at once, {@code /v2/models/fast} answers at once (what the
 * load generator and this stub manage together, without a model's delay), {@code /v2/models/stall}
 * answers after a minute; health and readiness always say yes. One thread per request (a cached
 * pool): the stub must never be what limits throughput.
 */
public final class StubModelServer {

  private static final byte[] SCORE =
      "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"out\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[0.42]}]}"
          .getBytes(StandardCharsets.UTF_8);

  private StubModelServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    long delayMs = Long.parseLong(args[1]);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            if (!path.endsWith("/infer")) {
              respond(exchange, 200, new byte[0]);
            } else if (path.contains("/fail/")) {
              respond(exchange, 500, "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8));
            } else {
              if (!path.contains("/fast/")) {
                sleep(path.contains("/stall/") ? 60_000 : delayMs);
              }
              respond(exchange, 200, SCORE);
            }
          }
        });
    server.start();
    System.out.println("stub model server on " + port + ", delay " + delayMs + " ms");
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
