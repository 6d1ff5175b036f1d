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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One background thread that drains the {@link CaptureQueue} into per-endpoint batches and sends a
 * batch when it holds {@code batchSize} records or is {@code flushInterval} old. On shutdown it
 * stops after the web server (lower phase), then sends what is left and flushes the producer.
 */
@Component
public class CaptureBatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CaptureBatcher.class);

  private final CaptureQueue queue;
  private final CapturePublisher publisher;
  private final int batchSize;
  private final long intervalMillis;
  private final Map<String, Batch> open = new LinkedHashMap<>();
  private volatile boolean running;
  private Thread thread;

  public CaptureBatcher(
      CaptureQueue queue, CapturePublisher publisher, GatewayProperties properties) {
    this.queue = queue;
    this.publisher = publisher;
    this.batchSize = Math.max(1, properties.capture().batchSize());
    this.intervalMillis = Math.max(1, properties.capture().flushInterval().toMillis());
  }

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
        CaptureQueue.Captured next = queue.poll(waitMillis());
        if (next != null) {
          add(next);
        }
        sendExpired();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Capture batcher failed; captures are no longer sent", e);
    } finally {
      CaptureQueue.Captured rest;
      while ((rest = queue.pollNow()) != null) {
        add(rest);
      }
      for (Batch batch : List.copyOf(open.values())) {
        send(batch);
      }
      open.clear();
    }
  }

  private long waitMillis() {
    long oldest = Long.MAX_VALUE;
    for (Batch b : open.values()) {
      oldest = Math.min(oldest, b.startedAt);
    }
    if (oldest == Long.MAX_VALUE) {
      return intervalMillis;
    }
    long due = oldest + TimeUnit.MILLISECONDS.toNanos(intervalMillis) - System.nanoTime();
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(due));
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
