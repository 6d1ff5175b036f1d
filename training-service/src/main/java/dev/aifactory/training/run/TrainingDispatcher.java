package dev.aifactory.training.run;

import dev.aifactory.training.TrainingProperties;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves queued runs into a fixed pool of training workers. Claiming uses {@code SKIP LOCKED}, so
 * several instances share one queue. On its first tick it re-queues runs a dead process left
 * RUNNING; nothing is lost and, as registration is idempotent per run, nothing registers twice.
 */
@Component
class TrainingDispatcher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(TrainingDispatcher.class);

  private final TrainingRunManagement management;
  private final int workers;
  private final ExecutorService pool;
  private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean recovered;

  TrainingDispatcher(TrainingRunManagement management, TrainingProperties properties) {
    this.management = management;
    this.workers = Math.max(1, properties.training().workers());
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "training-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(workers, threads);
  }

  @Scheduled(fixedDelayString = "${aifactory.training.dispatch-interval:1s}")
  void dispatch() {
    try {
      if (!recovered) {
        management.requeueInterrupted(Set.copyOf(inFlight));
        recovered = true;
      }
      int free = workers - inFlight.size();
      if (free <= 0) {
        return;
      }
      List<TrainingRun> claimed = management.claim(free);
      for (TrainingRun run : claimed) {
        inFlight.add(run.id());
        pool.execute(
            () -> {
              try {
                management.execute(run);
              } catch (RuntimeException e) {
                // The run stays RUNNING and is re-queued at the next start.
                log.error("Could not record the outcome of training run {}", run.id(), e);
              } finally {
                inFlight.remove(run.id());
              }
            });
      }
    } catch (RuntimeException e) {
      log.warn("Training dispatch failed, will retry: {}", e.getMessage());
    }
  }

  /** Ids of the runs this process is training now. */
  Set<UUID> inFlight() {
    return Set.copyOf(inFlight);
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
