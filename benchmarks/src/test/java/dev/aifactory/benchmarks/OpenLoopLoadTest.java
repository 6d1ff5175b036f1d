package dev.aifactory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopLoadTest {

  private static final byte[] BODY =
      "{\"instances\":[[35,60.0,\"pro\"]]}".getBytes(StandardCharsets.UTF_8);
  private static final String AUTHORIZATION = "Bearer test-token";
  private static final int REQUESTS = 300;
  private static final int CONNECTIONS = 8;
  private static final double RATE = 3000;

  /** What the server saw of one request. */
  record Seen(String method, String uri, Map<String, List<String>> headers, String body) {}

  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
  private HttpServer server;
  private ExecutorService executor;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/fixed", recording(exchange -> answer(exchange, 200, "{\"ok\":1}")));
    server.createContext(
        "/chunked",
        recording(
            exchange -> {
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, 0); // no length: chunked
              try (OutputStream out = exchange.getResponseBody()) {
                // Several chunks, larger than a read buffer, so chunks straddle reads.
                byte[] part = "x".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 10; i++) {
                  out.write(part);
                  out.flush();
                }
              }
            }));
    server.createContext("/failing", recording(exchange -> answer(exchange, 500, "boom")));
    server.createContext(
        "/closing",
        recording(
            exchange -> {
              exchange.getResponseHeaders().set("Connection", "close");
              answer(exchange, 200, "{\"ok\":1}");
            }));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void answersEveryRequestWithAFixedContentLengthAndSendsTheSameRequestEachTime() throws Exception {
    OpenLoopLoad.Result result = run("/fixed?v=1");

    assertAllAnswered(result);
    assertThat(seen).hasSize(REQUESTS);
    Map<String, List<String>> expectedHeaders =
        Map.of(
            "host", List.of("127.0.0.1:" + port()),
            "content-type", List.of("application/json; charset=UTF-8"),
            "accept", List.of("application/json"),
            "authorization", List.of(AUTHORIZATION),
            "content-length", List.of(Integer.toString(BODY.length)));
    assertThat(seen)
        .allSatisfy(
            request -> {
              assertThat(request.method()).isEqualTo("POST");
              assertThat(request.uri()).isEqualTo("/fixed?v=1");
              assertThat(request.headers()).isEqualTo(expectedHeaders);
              assertThat(request.body()).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
            });
    // keep-alive: no more connections than the generator opened
    assertThat(clients).hasSizeLessThanOrEqualTo(CONNECTIONS);
  }

  @Test
  void reportsItsSendingThreadsCpuAndRunQueueWaitPerRequest() throws Exception {
    OpenLoopLoad.Result result = run("/fixed");

    assertAllAnswered(result);
    assertThat(result.cost().threadCpuMicrosPerRequest()).isPositive();
    assertThat(result.cost().wakeupsPerRequest()).isGreaterThanOrEqualTo(1.0 / REQUESTS);
    // Linux has the thread's schedstat: the wait is a measured figure, not the NaN of "unknown".
    assertThat(result.cost().threadWaitMicrosPerRequest()).isNotNaN().isGreaterThanOrEqualTo(0);
  }

  @Test
  void keepsItsConnectionsOpenFromOneRunToTheNext() throws Exception {
    Target target =
        new Target(
            "test",
            URI.create("http://127.0.0.1:" + port() + "/fixed"),
            AUTHORIZATION,
            (uri, authorization, body) -> {
              throw new UnsupportedOperationException("the open loop writes its own requests");
            });
    OpenLoopLoad.Result first;
    OpenLoopLoad.Result second;
    try (OpenLoopLoad load = OpenLoopLoad.open(target, BODY, CONNECTIONS)) {
      first = load.run(RATE, REQUESTS);
      second = load.run(RATE, REQUESTS / 2);
    }

    assertAllAnswered(first);
    assertThat(second.latencies().nanos()).hasSize(REQUESTS / 2).doesNotContain(0L);
    assertThat(second.latencies().errors()).isZero();
    assertThat(seen).hasSize(REQUESTS + REQUESTS / 2);
    assertThat(clients).hasSizeLessThanOrEqualTo(CONNECTIONS);
  }

  @Test
  void answersEveryRequestWithAChunkedBody() throws Exception {
    OpenLoopLoad.Result result = run("/chunked");

    assertAllAnswered(result);
    assertThat(seen).hasSize(REQUESTS);
    assertThat(clients).hasSizeLessThanOrEqualTo(CONNECTIONS);
  }

  @Test
  void countsEveryNon2xxAnswerAsAnError() throws Exception {
    OpenLoopLoad.Result result = run("/failing");

    assertThat(result.latencies().nanos()).hasSize(REQUESTS).doesNotContain(0L);
    assertThat(result.latencies().percentileMillis(0)).isPositive();
    assertThat(result.latencies().errors()).isEqualTo(REQUESTS);
    assertThat(seen).hasSize(REQUESTS);
  }

  @Test
  void reopensTheConnectionWhenTheServerSaysItCloses() throws Exception {
    OpenLoopLoad.Result result = run("/closing");

    assertAllAnswered(result);
    assertThat(seen).hasSize(REQUESTS);
    assertThat(clients).hasSize(REQUESTS);
  }

  @Test
  void parsesAChunkedResponseArrivingOneByteAtATime() throws Exception {
    String response =
        "HTTP/1.1 200 OK\r\n"
            + "transfer-ENCODING:  chunked \r\n"
            + "Content-Type: application/json\r\n"
            + "\r\n"
            + "4;ext=1\r\n{\"a\"\r\n"
            + "A\r\n:123456789\r\n"
            + "1\r\n}\r\n"
            + "0\r\n"
            + "Trailer: x\r\n"
            + "\r\n";

    assertCompletesAtItsLastByte(response, 200, false);
  }

  @Test
  void parsesAResponseWithAContentLengthArrivingOneByteAtATime() throws Exception {
    String response =
        "HTTP/1.1 503 Service Unavailable\r\n"
            + "CONTENT-LENGTH: 5\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + "hello";

    assertCompletesAtItsLastByte(response, 503, true);
  }

  @Test
  void leavesTheBytesAfterAResponseUnread() throws Exception {
    OpenLoopLoad.Response parser = new OpenLoopLoad.Response();
    ByteBuffer in =
        ByteBuffer.wrap(
            "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1".getBytes(StandardCharsets.US_ASCII));

    assertThat(parser.feed(in)).isTrue();
    assertThat(parser.status()).isEqualTo(204);
    assertThat(in.remaining()).isEqualTo("HTTP/1.1".length());
  }

  @Test
  void namesTheSecondWithTheHighestP99AndWhenItBegan() {
    // 100 requests per second for 3 s; in the second second a 40-ms stall delays the four requests
    // due during it (40, 30, 20 and 10 ms), the others answer in 1 ms.
    long interval = 10_000_000;
    long[] bySchedule = new long[300];
    Arrays.fill(bySchedule, 1_000_000);
    for (int i = 0; i < 4; i++) {
      bySchedule[150 + i] = 40_000_000 - i * interval;
    }
    Instant began = Instant.parse("2026-11-28T10:00:00Z");

    OpenLoopLoad.Slowest slowest = OpenLoopLoad.Slowest.of(bySchedule, interval, began);

    assertThat(slowest.second()).isEqualTo(1);
    assertThat(slowest.began()).isEqualTo(began.plusSeconds(1));
    assertThat(slowest.clock())
        .isEqualTo(LocalTime.ofInstant(began.plusSeconds(1), ZoneId.systemDefault()));
    assertThat(slowest.maxNanos()).isEqualTo(40_000_000);
    assertThat(slowest.p99Nanos()).isEqualTo(30_000_000);
    assertThat(slowest.over10ms()).isEqualTo(3);
  }

  private static void assertCompletesAtItsLastByte(String response, int status, boolean close)
      throws Exception {
    byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
    OpenLoopLoad.Response parser = new OpenLoopLoad.Response();
    parser.reset();
    for (int i = 0; i < bytes.length; i++) {
      boolean complete = parser.feed(ByteBuffer.wrap(bytes, i, 1));
      assertThat(complete)
          .as("complete after byte %d of %d", i + 1, bytes.length)
          .isEqualTo(i == bytes.length - 1);
    }
    assertThat(parser.status()).isEqualTo(status);
    assertThat(parser.close()).isEqualTo(close);
  }

  private OpenLoopLoad.Result run(String path) throws Exception {
    Target target =
        new Target(
            "test",
            URI.create("http://127.0.0.1:" + port() + path),
            AUTHORIZATION,
            (uri, authorization, body) -> {
              throw new UnsupportedOperationException("the open loop writes its own requests");
            });
    return OpenLoopLoad.run(target, BODY, RATE, REQUESTS, CONNECTIONS);
  }

  private static void assertAllAnswered(OpenLoopLoad.Result result) {
    assertThat(result.latencies().errors()).isZero();
    assertThat(result.latencies().nanos()).hasSize(REQUESTS).doesNotContain(0L);
    assertThat(result.latencies().percentileMillis(0)).isPositive();
    assertThat(result.lateness().maxNanos()).isGreaterThanOrEqualTo(0);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private HttpHandler recording(HttpHandler handler) {
    return exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new TreeMap<>();
        exchange
            .getRequestHeaders()
            .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        seen.add(
            new Seen(
                exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
        clients.add(exchange.getRemoteAddress());
        handler.handle(exchange);
      }
    };
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
