package dev.aifactory.gateway.capture;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.gateway.GatewayProperties;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One background thread that drains the {@link CaptureQueue} into per-endpoint batches and sends a
 * batch when it holds {@code batchSize} records or is {@code flushInterval} old. On shutdown it
 * stops after the web server (lower phase), then sends what is left and flushes the producer.
 *
 * <p>The request threads never wake it: it wakes itself every {@link #tickNanos} and takes all that
 * is queued at once. Why: blocked in the queue's {@code poll}, it was woken by every captured
 * request — an unpark (a futex call) on the request thread and a context switch on a core the
 * machine's other work could have used, for one record at a time at moderate rates. A full batch
 * now waits up to a tick (at most {@link #MAX_TICK_MILLIS} ms) before it is sent; the queue holds
 * many ticks' worth of records at any rate the gateway serves.
 */
@Component
public class CaptureBatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CaptureBatcher.class);

  private final CaptureQueue queue;
  private final CapturePublisher publisher;
  private final int batchSize;
  private final long intervalMillis;
  private final long tickNanos;
  private final List<CaptureQueue.Captured> drained = new ArrayList<>();
  private final Map<String, Batch> open = new LinkedHashMap<>();
  private volatile boolean running;
  private Thread thread;

  public CaptureBatcher(
      CaptureQueue queue, CapturePublisher publisher, GatewayProperties properties) {
    this.queue = queue;
    this.publisher = publisher;
    this.batchSize = Math.max(1, properties.capture().batchSize());
    this.intervalMillis = Math.max(1, properties.capture().flushInterval().toMillis());
    this.tickNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(intervalMillis, MAX_TICK_MILLIS));
  }

  /** The longest the batcher sleeps between looks at the queue. */
  static final long MAX_TICK_MILLIS = 50;

  private static final class Batch {
    final String team;
    final String endpoint;
    final List<CapturedInference> records = new ArrayList<>();
    final long startedAt = System.nanoTime();

    Batch(String team, String endpoint) {
      this.team = team;
      this.endpoint = endpoint;
    }
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "capture-batcher");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    Thread current;
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
      current = thread;
    }
    LockSupport.unpark(current);
    try {
      current.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      publisher.flush();
    } catch (RuntimeException e) {
      log.warn("Could not flush captures on shutdown: {}", e.getMessage());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops after the web server has stopped taking requests, so their captures are sent. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  private void loop() {
    try {
      while (running) {
        // Spurious or early wake-ups (stop) only make this look sooner.
        LockSupport.parkNanos(this, tickNanos);
        drain();
        sendExpired();
      }
    } catch (RuntimeException e) {
      log.error("Capture batcher failed; captures are no longer sent", e);
    } finally {
      drain();
      for (Batch batch : List.copyOf(open.values())) {
        send(batch);
      }
      open.clear();
    }
  }

  /** Takes everything queued now into the open batches, sending those that fill up. */
  private void drain() {
    queue.drainTo(drained);
    for (CaptureQueue.Captured captured : drained) {
      add(captured);
    }
    drained.clear();
  }

  private void add(CaptureQueue.Captured captured) {
    String endpoint = captured.record().endpoint();
    Batch batch = open.computeIfAbsent(endpoint, e -> new Batch(captured.team(), e));
    batch.records.add(captured.record());
    if (batch.records.size() >= batchSize) {
      open.remove(endpoint);
      send(batch);
    }
  }

  private void sendExpired() {
    long now = System.nanoTime();
    long interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    Iterator<Batch> it = open.values().iterator();
    while (it.hasNext()) {
      Batch batch = it.next();
      if (now - batch.startedAt >= interval) {
        it.remove();
        send(batch);
      }
    }
  }

  private void send(Batch batch) {
    int count = batch.records.size();
    InferenceCaptured event =
        new InferenceCaptured(
            batch.team, batch.endpoint, UUID.randomUUID().toString(), List.copyOf(batch.records));
    try {
      publisher
          .publish(event)
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  queue.outcome(batch.endpoint, "sent").increment(count);
                } else {
                  queue.outcome(batch.endpoint, "dropped").increment(count);
                  log.warn(
                      "Dropped {} captures of {}: {}", count, batch.endpoint, error.getMessage());
                }
              });
    } catch (RuntimeException e) {
      queue.outcome(batch.endpoint, "dropped").increment(count);
      log.warn("Dropped {} captures of {}: {}", count, batch.endpoint, e.getMessage());
    }
  }
}
