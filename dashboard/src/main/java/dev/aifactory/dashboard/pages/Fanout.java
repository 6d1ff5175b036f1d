package dev.aifactory.dashboard.pages;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a page's service calls at the same time, so a page takes as long as its slowest service, not
 * the sum of them all.
 */
@Component
class Fanout implements DisposableBean {

  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          16,
          r -> {
            Thread t = new Thread(r, "dashboard-call-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  <T> CompletableFuture<Section<T>> start(Supplier<T> call) {
    return CompletableFuture.supplyAsync(() -> Section.of(call), pool);
  }

  /**
   * Like {@link #start}, for a route the service may not offer yet: see {@link Section#optional}.
   */
  <T> CompletableFuture<Section<T>> optional(String what, Supplier<T> call) {
    return CompletableFuture.supplyAsync(() -> Section.optional(what, call), pool);
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
