package dev.aifactory.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Open-loop load from one thread, the way wrk2 generates it: request {@code i} is due at {@code
 * start + i * interval} whatever happened before, and its latency counts from when it was due until
 * its whole answer was read, so a server that stalls is charged for the queue it causes (no
 * coordinated omission).
 *
 * <p>Why one thread: the load generator shares the machine's two cores with the servers it
 * measures. The previous generator, 64 platform threads each parking until its request was due and
 * then blocking on the answer in Apache HttpClient, cost 75–92 µs of generator CPU per request,
 * about half of the two cores at 6,000 req/s taken from the servers under test. Here one thread
 * runs a {@link Selector} over {@code connections} non-blocking keep-alive connections (HTTP/1.1,
 * at most one request in flight on each, no pipelining): the request is prebuilt bytes, answers are
 * parsed in place, and the hot path allocates nothing.
 *
 * <p>Why hand-written and not a library: the non-blocking clients on the classpath (the JDK's
 * {@code HttpClient}, Apache HttpClient 5's async client) hand every exchange from the caller's
 * thread to their I/O thread and back — the JDK client cost 0.37–0.43 ms of generator CPU per
 * open-loop request in session 5 (docs/benchmarks.md) — and wrk2, whose design this is, is not
 * packaged for Debian. What is written here is the one exchange the benchmark needs: a fixed POST
 * and an HTTP/1.1 answer (Content-Length, chunked or close-delimited).
 *
 * <p>A due request is written on an idle connection (the most recently freed one, like Apache's
 * pool); if none is idle it waits for one, and that wait is part of its latency. A connection that
 * fails, or that the server closes ({@code Connection: close}, e.g. Tomcat after 100 requests), is
 * reopened; a non-2xx answer, an I/O error or a request unanswered for {@link #TIMEOUT_NANOS} is an
 * error.
 *
 * <p>Timing: {@link Selector#select(long)} counts milliseconds. Blocking in it until the next due
 * time would send requests up to 1 ms late and add that to both targets of a comparison alike,
 * pulling their p99s toward each other. So it blocks in {@code select} only while the next due time
 * is more than ~1.1 ms away (an answer still wakes it at once), and closer to the due time it polls
 * with {@code selectNow} and parks {@link #POLL_PARK_NANOS} in between (timer slack makes that ~0.1
 * ms), or straight to the due time when no answer is awaited. How late requests were actually
 * written (write time − due time) is returned as {@link Result#lateness()}, to show the generator
 * kept up, and the loop thread's own CPU as {@link Result#cost()}.
 *
 * <p>Cost: what the loop spends is mostly those timed waits. On the 2-core VM this was measured on,
 * a timed wait (a park, or a select with a timeout) cost ~15–19 µs of CPU and overslept ~75 µs; an
 * untimed wake ~3 µs. At 3,660 req/s the loop parks ~3 times per request, ~57 µs of its CPU per
 * request (64 threads with Apache HttpClient: 80–170 µs of process CPU in the same setting).
 * Parking straight to each due time would roughly halve that, but an answer arriving meanwhile
 * would be read up to an interval late, and that delay would count in every latency (p50 +~75 µs
 * measured).
 */
final class OpenLoopLoad implements AutoCloseable {

  /** What one run measured. */
  record Result(Latencies latencies, Lateness lateness, Cost cost, Slowest slowest) {}

  /**
   * The one-second slice of the run (by due time) whose p99 was highest: when it began (wall clock,
   * to match with a server's GC or safepoint log), its p99 and maximum, and how many of its
   * requests took over 10 ms. A bad pass whose tail comes from one stall shows one such second far
   * above the others; a pass that is slow throughout does not.
   */
  record Slowest(Instant began, int second, long p99Nanos, long maxNanos, int over10ms) {

    static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** When it began on this machine's wall clock, to the millisecond (as the logs print it). */
    LocalTime clock() {
      return LocalTime.ofInstant(began, ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code bySchedule[i]} is the latency of the request due at {@code i * interval}. */
    static Slowest of(long[] bySchedule, long interval, Instant began) {
      int perSecond = (int) Math.max(1, TimeUnit.SECONDS.toNanos(1) / interval);
      Slowest worst = null;
      for (int from = 0, second = 0; from < bySchedule.length; from += perSecond, second++) {
        long[] slice =
            Arrays.copyOfRange(bySchedule, from, Math.min(bySchedule.length, from + perSecond));
        int over = 0;
        for (long nanos : slice) {
          if (nanos > SLOW_NANOS) {
            over++;
          }
        }
        Arrays.sort(slice);
        long p99 = Lateness.percentile(slice, 99);
        if (worst == null || p99 > worst.p99Nanos()) {
          worst =
              new Slowest(
                  began.plusNanos((long) from * interval),
                  second,
                  p99,
                  slice[slice.length - 1],
                  over);
        }
      }
      return worst;
    }
  }

  /**
   * What the sending thread itself spent: its CPU time, its time runnable but waiting for a core
   * (from {@code /proc/thread-self/schedstat}; NaN where there is none), and how often its loop
   * woke (from {@code select} or a park), all per request. The process's CPU also counts everything
   * else in the JVM. The wait tells whether the sender itself was crowded out (it then writes late
   * and reads answers late, which counts in the server's latencies) or only the other JVM threads.
   */
  record Cost(
      double threadCpuMicrosPerRequest,
      double threadWaitMicrosPerRequest,
      double wakeupsPerRequest) {}

  /**
   * How late the generator wrote requests (write time − due time), and how many requests found no
   * idle connection when they were due (every connection was waiting for an answer).
   */
  record Lateness(long p50Nanos, long p99Nanos, long maxNanos, int waitedForConnection) {

    static Lateness of(long[] nanos, int waitedForConnection) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      if (sorted.length == 0) {
        return new Lateness(0, 0, 0, waitedForConnection);
      }
      return new Lateness(
          percentile(sorted, 50),
          percentile(sorted, 99),
          sorted[sorted.length - 1],
          waitedForConnection);
    }

    private static long percentile(long[] sorted, double p) {
      return sorted[Latencies.nearestRank(p, sorted.length)];
    }
  }

  /**
   * {@code select(ms)} wakes up to this much after its timeout (timer slack); it is given whole
   * milliseconds that end at least this long before the next due time.
   */
  static final long SELECT_SLACK_NANOS = 100_000;

  /** Closer to a due time, poll the connections with {@code selectNow} this often. */
  static final long POLL_PARK_NANOS = 30_000;

  /** A request unanswered this long counts as an error and its connection is reopened. */
  static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** How often timeouts are checked and failed connections retried. */
  private static final long HOUSEKEEPING_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** The calling thread's scheduler statistics (Linux); see {@link RunQueueSampler}. */
  private static final Path THREAD_SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  /** How long to wait before reopening a connection that could not connect. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final InetSocketAddress address;
  private final ByteBuffer request;
  private final Selector selector;
  private final Connection[] connections;

  /** Connected connections with no request in flight; the most recently freed one is used next. */
  private final ArrayDeque<Connection> idle;

  /** Shared by all connections: the parser keeps its state, never the bytes. */
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

  private final Consumer<SelectionKey> onReady = this::onReady;

  // State of the current run (one thread).
  private boolean running;
  private long start;
  private long interval;
  private int requests;
  private int next;
  private int done;
  private int errors;
  private int inFlight;
  private int waitedForConnection;

  /** Requests up to this index were due while no connection was idle. */
  private int starvedUpTo = -1;

  private long[] latencies;
  private long[] lateness;

  private OpenLoopLoad(URI uri, byte[] request, int connections) throws IOException {
    this.address = new InetSocketAddress(uri.getHost(), port(uri));
    this.request = ByteBuffer.wrap(request).asReadOnlyBuffer();
    this.selector = Selector.open();
    this.connections = new Connection[connections];
    this.idle = new ArrayDeque<>(connections);
    for (int c = 0; c < connections; c++) {
      this.connections[c] = new Connection(this.request.duplicate());
    }
  }

  /**
   * Sends {@code requests} POSTs of {@code body} to the target at {@code rate} per second over
   * {@code connections} connections, and returns their latencies from when each was due.
   */
  static Result run(Target target, byte[] body, double rate, int requests, int connections)
      throws IOException, InterruptedException {
    try (OpenLoopLoad load = open(target, body, connections)) {
      return load.run(rate, requests);
    }
  }

  /**
   * A generator for the target that keeps its connections open between {@link #run(double, int)
   * runs}, so that short runs taking turns with another target's do not each begin by connecting.
   */
  static OpenLoopLoad open(Target target, byte[] body, int connections) throws IOException {
    return new OpenLoopLoad(
        target.uri(), request(target.uri(), target.authorization(), body), connections);
  }

  /**
   * The request's bytes: the request line, {@code Host}, and the headers {@link Target#pooled}
   * sets, with the values Apache HttpClient writes for them, so that both generators and both
   * targets of a comparison see the same request. (Apache also adds {@code Connection: keep-alive},
   * the HTTP/1.1 default, and its {@code User-Agent}; neither is sent here.)
   */
  static byte[] request(URI uri, String authorization, byte[] body) {
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("Only http:// targets: " + uri);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    String host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\n"
            + "Accept: application/json\r\n"
            + "Authorization: "
            + authorization
            + "\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "Content-Type: application/json; charset=UTF-8\r\n"
            + "\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] bytes = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, bytes, headBytes.length, body.length);
    return bytes;
  }

  private static int port(URI uri) {
    return uri.getPort() == -1 ? 80 : uri.getPort();
  }

  // --- the event loop ---

  /**
   * Sends {@code count} requests at {@code rate} per second and returns their latencies; opens the
   * connections not open yet (all of them the first time).
   */
  Result run(double rate, int count) throws IOException, InterruptedException {
    if (rate <= 0 || count < 0) {
      throw new IllegalArgumentException("rate " + rate + ", requests " + count);
    }
    requests = count;
    next = 0;
    done = 0;
    errors = 0;
    waitedForConnection = 0;
    starvedUpTo = -1;
    interval = Math.max(1, Math.round(1e9 / rate));
    latencies = new long[count];
    lateness = new long[count];
    connectAll(TimeUnit.SECONDS.toNanos(10));

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long[] schedBefore = RunQueueSampler.parseSchedstat(THREAD_SCHEDSTAT);
    long wakeups = 0;
    start = System.nanoTime() + 1_000_000;
    Instant began = Instant.now().plusMillis(1);
    running = true;
    long housekeeping = start + HOUSEKEEPING_NANOS;
    while (done < requests) {
      wakeups++;
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      long now = System.nanoTime();
      while (next < requests) {
        long due = start + next * interval;
        if (due - now > 0) {
          break;
        }
        Connection connection = idle.pollFirst();
        if (connection == null) {
          starvedUpTo = (int) Math.min(requests - 1, (now - start) / interval);
          break;
        }
        send(connection, now);
        now = System.nanoTime();
      }
      if (now - housekeeping >= 0) {
        housekeeping(now);
        housekeeping = now + HOUSEKEEPING_NANOS;
      }
      long wakeAt = housekeeping;
      if (next < requests && !idle.isEmpty()) {
        wakeAt = Math.min(wakeAt, start + next * interval);
      }
      long wait = wakeAt - now;
      long millis = (wait - SELECT_SLACK_NANOS) / 1_000_000;
      if (millis >= 1) {
        selector.select(onReady, millis);
      } else if (selector.selectNow(onReady) == 0 && wait > 0) {
        // Nothing to read: with no answer awaited, sleep right up to the due time.
        LockSupport.parkNanos(inFlight == 0 ? wait : Math.min(wait, POLL_PARK_NANOS));
      }
    }
    long wall = System.nanoTime() - start;
    running = false;
    long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
    long[] schedAfter = RunQueueSampler.parseSchedstat(THREAD_SCHEDSTAT);
    double waited =
        schedBefore == null || schedAfter == null ? Double.NaN : schedAfter[1] - schedBefore[1];
    return new Result(
        Latencies.of(latencies, wall, errors),
        Lateness.of(lateness, waitedForConnection),
        new Cost(
            cpu / 1e3 / Math.max(1, count),
            waited / 1e3 / Math.max(1, count),
            (double) wakeups / Math.max(1, count)),
        count == 0 ? null : Slowest.of(latencies, interval, began));
  }

  /** Opens every connection and waits until each is connected (or failed). */
  private void connectAll(long timeoutNanos) throws IOException {
    long now = System.nanoTime();
    for (Connection connection : connections) {
      if (connection.channel == null) {
        open(connection, now);
      }
    }
    // Answers to nothing or closes that arrived since the last run (none expected).
    selector.selectNow(onReady);
    long deadline = now + timeoutNanos;
    while (idle.size() < connections.length && System.nanoTime() - deadline < 0) {
      boolean connecting = false;
      for (Connection connection : connections) {
        connecting |= connection.connecting;
      }
      if (!connecting) {
        break;
      }
      selector.select(onReady, 100);
    }
  }

  /** Writes the next request on the connection; {@code now} is its write time. */
  private void send(Connection connection, long now) {
    int i = next++;
    long due = start + i * interval;
    connection.request = i;
    connection.due = due;
    connection.sentAt = now;
    connection.response.reset();
    inFlight++;
    lateness[i] = now - due;
    if (i <= starvedUpTo) {
      waitedForConnection++;
    }
    ByteBuffer out = connection.out;
    out.rewind();
    try {
      connection.channel.write(out);
      if (out.hasRemaining()) {
        connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    } catch (IOException e) {
      fail(connection, System.nanoTime());
    }
  }

  private void onReady(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    Connection connection = (Connection) key.attachment();
    if (key != connection.key) {
      return; // a key of a channel since closed
    }
    try {
      if (key.isConnectable()) {
        boolean connected;
        try {
          connected = connection.channel.finishConnect();
        } catch (IOException e) {
          connectFailed(connection, System.nanoTime());
          return;
        }
        if (connected) {
          connection.connecting = false;
          key.interestOps(SelectionKey.OP_READ);
          idle.addFirst(connection);
        }
        return;
      }
      if (key.isWritable()) {
        connection.channel.write(connection.out);
        if (!connection.out.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ);
        }
      }
      if (key.isReadable()) {
        read(connection);
      }
    } catch (IOException e) {
      fail(connection, System.nanoTime());
    }
  }

  private void read(Connection connection) throws IOException {
    in.clear();
    int n = connection.channel.read(in);
    if (n == 0) {
      return;
    }
    if (n < 0) {
      if (connection.request >= 0 && connection.response.endOfStream()) {
        complete(connection, System.nanoTime(), true);
      } else if (connection.request >= 0) {
        fail(connection, System.nanoTime());
      } else {
        reopen(connection, System.nanoTime()); // the server closed an idle connection
      }
      return;
    }
    in.flip();
    if (connection.request < 0) {
      reopen(connection, System.nanoTime()); // bytes nobody asked for: start afresh
      return;
    }
    if (connection.response.feed(in)) {
      // Bytes after the answer would be an answer to nothing: the connection is out of step.
      complete(connection, System.nanoTime(), connection.response.close() || in.hasRemaining());
    }
  }

  private void complete(Connection connection, long now, boolean reopen) {
    int i = connection.request;
    latencies[i] = now - connection.due;
    int status = connection.response.status();
    if (status < 200 || status > 299) {
      errors++;
    }
    finish(connection);
    if (reopen) {
      reopen(connection, now);
    } else {
      idle.addFirst(connection);
    }
  }

  /** An I/O error or a malformed answer: the request in flight (if any) is an error. */
  private void fail(Connection connection, long now) {
    if (connection.request >= 0) {
      latencies[connection.request] = now - connection.due;
      errors++;
      finish(connection);
    }
    reopen(connection, now);
  }

  private void finish(Connection connection) {
    connection.request = -1;
    inFlight--;
    done++;
  }

  private void reopen(Connection connection, long now) {
    close(connection);
    open(connection, now);
  }

  private void close(Connection connection) {
    idle.remove(connection);
    connection.connecting = false;
    if (connection.key != null) {
      connection.key.cancel();
      connection.key = null;
    }
    if (connection.channel != null) {
      try {
        connection.channel.close();
      } catch (IOException e) {
        // closing anyway
      }
      connection.channel = null;
    }
  }

  private void open(Connection connection, long now) {
    connection.retryAt = 0;
    connection.sinceNanos = now;
    try {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      connection.channel = channel;
      if (channel.connect(address)) {
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        idle.addFirst(connection);
      } else {
        connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
        connection.connecting = true;
      }
    } catch (IOException e) {
      connectFailed(connection, now);
    }
  }

  /**
   * Retries later; meanwhile the request that is due (if any) fails, as it would with a blocking
   * client, so that a server that is down ends the run with errors rather than never.
   */
  private void connectFailed(Connection connection, long now) {
    close(connection);
    connection.retryAt = now + RETRY_NANOS;
    failOneDue(now);
  }

  /** Fails the request that is due, if one is. */
  private void failOneDue(long now) {
    if (running && next < requests && start + next * interval - now <= 0) {
      int i = next++;
      long due = start + i * interval;
      lateness[i] = now - due;
      latencies[i] = now - due;
      errors++;
      done++;
    }
  }

  /** Times out requests unanswered for too long and reopens connections whose connect failed. */
  private void housekeeping(long now) {
    for (Connection connection : connections) {
      if (connection.request >= 0 && now - connection.sentAt > TIMEOUT_NANOS) {
        fail(connection, now);
      } else if (connection.connecting && now - connection.sinceNanos > TIMEOUT_NANOS) {
        close(connection);
        connection.retryAt = now;
      }
      if (connection.channel == null && connection.retryAt != 0 && now - connection.retryAt >= 0) {
        open(connection, now);
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (Connection connection : connections) {
      close(connection);
    }
    selector.close();
  }

  /** One connection and the request on it. */
  private static final class Connection {
    /** This connection's view of the shared request bytes. */
    final ByteBuffer out;

    final Response response = new Response();
    SocketChannel channel;
    SelectionKey key;
    boolean connecting;

    /** When the current channel was opened. */
    long sinceNanos;

    long retryAt;

    /** The request in flight, or -1. */
    int request = -1;

    long due;
    long sentAt;

    Connection(ByteBuffer out) {
      this.out = out;
    }
  }

  /**
   * An HTTP/1.1 response parsed as its bytes arrive, in any split: the status, and where it ends
   * (by {@code Content-Length}, by {@code Transfer-Encoding: chunked}, or at the end of the stream
   * when it has neither), and whether the server closes the connection after it. Header names are
   * matched in any case; the body is skipped, not kept. Reused: {@link #reset()} before each.
   */
  static final class Response {
    private static final int STATUS = 0;
    private static final int HEADER = 1;
    private static final int BODY = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_END = 5;
    private static final int TRAILER = 6;
    private static final int UNTIL_CLOSE = 7;
    private static final int DONE = 8;

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    /** The start of the current line; longer lines are cut (only short ones matter here). */
    private final byte[] line = new byte[1024];

    private int lineLength;
    private int state;
    private int status;
    private boolean http10;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private boolean keepAlive;
    private long remaining;

    Response() {
      reset();
    }

    void reset() {
      state = STATUS;
      lineLength = 0;
      status = 0;
      http10 = false;
      resetHeaders();
    }

    private void resetHeaders() {
      contentLength = -1;
      chunked = false;
      close = false;
      keepAlive = false;
      remaining = 0;
    }

    int status() {
      return status;
    }

    /** Whether the server closes the connection after this response. */
    boolean close() {
      return close || (http10 && !keepAlive);
    }

    /**
     * Consumes bytes of this response from {@code in}, leaving any after its end; true once the
     * response is complete.
     */
    boolean feed(ByteBuffer in) throws ProtocolException {
      while (in.hasRemaining() && state != DONE) {
        switch (state) {
          case BODY, CHUNK_DATA -> {
            int n = (int) Math.min(remaining, in.remaining());
            in.position(in.position() + n);
            remaining -= n;
            if (remaining == 0) {
              state = state == BODY ? DONE : CHUNK_END;
            }
          }
          case UNTIL_CLOSE -> in.position(in.limit());
          default -> {
            byte b = in.get();
            if (b != '\n') {
              if (lineLength < line.length) {
                line[lineLength] = b;
              }
              lineLength++;
              continue;
            }
            int length = Math.min(lineLength, line.length);
            if (length > 0 && length == lineLength && line[length - 1] == '\r') {
              length--;
            }
            lineLength = 0;
            onLine(length);
          }
        }
      }
      return state == DONE;
    }

    /** The stream ended: true if that completes the response (one delimited by the close). */
    boolean endOfStream() {
      if (state == UNTIL_CLOSE) {
        state = DONE;
      }
      return state == DONE;
    }

    private void onLine(int length) throws ProtocolException {
      switch (state) {
        case STATUS -> {
          // HTTP/1.1 200 OK
          if (length < 12
              || !startsWith(line, "HTTP/1.")
              || line[8] != ' '
              || !digit(line[9])
              || !digit(line[10])
              || !digit(line[11])) {
            throw new ProtocolException("Bad status line");
          }
          http10 = line[7] == '0';
          status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
          state = HEADER;
        }
        case HEADER -> {
          if (length == 0) {
            endOfHeaders();
          } else {
            header(length);
          }
        }
        case CHUNK_SIZE -> {
          long size = 0;
          int digits = 0;
          for (int p = 0; p < length; p++) {
            int value = Character.digit(line[p], 16);
            if (value < 0) {
              break; // a chunk extension (;...) or trailing space
            }
            if (++digits > 15) {
              throw new ProtocolException("Chunk too large");
            }
            size = size * 16 + value;
          }
          if (digits == 0) {
            throw new ProtocolException("Bad chunk size");
          }
          if (size == 0) {
            state = TRAILER;
          } else {
            remaining = size;
            state = CHUNK_DATA;
          }
        }
        case CHUNK_END -> {
          if (length != 0) {
            throw new ProtocolException("No CRLF after chunk data");
          }
          state = CHUNK_SIZE;
        }
        case TRAILER -> {
          if (length == 0) {
            state = DONE;
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }

    private void endOfHeaders() throws ProtocolException {
      if (status < 200) {
        // An interim answer (100 Continue, 103 Early Hints): the real one follows.
        state = STATUS;
        resetHeaders();
      } else if (status == 204 || status == 304) {
        state = DONE;
      } else if (chunked) {
        state = CHUNK_SIZE;
      } else if (contentLength == 0) {
        state = DONE;
      } else if (contentLength > 0) {
        remaining = contentLength;
        state = BODY;
      } else {
        close = true;
        state = UNTIL_CLOSE;
      }
    }

    private void header(int length) throws ProtocolException {
      int colon = -1;
      for (int p = 0; p < length; p++) {
        if (line[p] == ':') {
          colon = p;
          break;
        }
      }
      if (colon <= 0) {
        throw new ProtocolException("Bad header line");
      }
      int from = colon + 1;
      int to = length;
      while (from < to && (line[from] == ' ' || line[from] == '\t')) {
        from++;
      }
      while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
        to--;
      }
      if (nameIs(colon, CONTENT_LENGTH)) {
        long value = 0;
        if (from == to || to - from > 18) {
          throw new ProtocolException("Bad Content-Length");
        }
        for (int p = from; p < to; p++) {
          if (!digit(line[p])) {
            throw new ProtocolException("Bad Content-Length");
          }
          value = value * 10 + (line[p] - '0');
        }
        contentLength = value;
      } else if (nameIs(colon, TRANSFER_ENCODING)) {
        // chunked is the last coding when present
        chunked = to - from >= CHUNKED.length && regionIs(to - CHUNKED.length, to, CHUNKED);
      } else if (nameIs(colon, CONNECTION)) {
        close |= contains(from, to, CLOSE);
        keepAlive |= contains(from, to, KEEP_ALIVE);
      }
    }

    private boolean nameIs(int colon, byte[] lowerName) {
      return colon == lowerName.length && regionIs(0, colon, lowerName);
    }

    private boolean regionIs(int from, int to, byte[] lower) {
      for (int p = from; p < to; p++) {
        if (lowerCase(line[p]) != lower[p - from]) {
          return false;
        }
      }
      return true;
    }

    private boolean contains(int from, int to, byte[] lower) {
      for (int p = from; p + lower.length <= to; p++) {
        if (regionIs(p, p + lower.length, lower)) {
          return true;
        }
      }
      return false;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
      for (int p = 0; p < prefix.length(); p++) {
        if (bytes[p] != prefix.charAt(p)) {
          return false;
        }
      }
      return true;
    }

    private static boolean digit(byte b) {
      return b >= '0' && b <= '9';
    }

    private static byte lowerCase(byte b) {
      return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
  }
}
