package dev.aifactory.gateway.serving.oip;

import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.serving.BackendAdapter;
import dev.aifactory.gateway.serving.BackendBreaker;
import dev.aifactory.gateway.serving.BackendFailure;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import dev.aifactory.gateway.serving.ServableModel;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any Open Inference Protocol v2 server (KServe, Triton, MLServer) by the URL of a model on it,
 * e.g. {@code http://triton:8000/v2/models/churn} (optionally {@code /versions/3}). Requests are
 * sent as one FP32 tensor {@code [rows, columns]} named {@code input-0}; the first output's data
 * are the scores ({@code [rows, 2]} class probabilities give class 1's).
 *
 * <p>Protection per model URL: a timeout per call, a count-based circuit breaker (fails fast while
 * open; the router then tries a fallback variant), one retry only for calls that never connected,
 * and health checks polled in the background — a model that is not ready gets no requests while the
 * endpoint has another variant.
 */
@Component
class OipHttpBackend implements BackendAdapter {

  private static final Logger log = LoggerFactory.getLogger(OipHttpBackend.class);

  private final HttpClient http;
  private final CloseableHttpAsyncClient calls;
  private final ScheduledExecutorService retryScheduler;
  private final long deadlineMillis;
  private final JsonMapper json;
  private final MeterRegistry meters;
  private final GatewayProperties.Remote settings;
  private final RetryConfig retryConfig;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();

  OipHttpBackend(JsonMapper json, MeterRegistry meters, GatewayProperties properties) {
    this.json = json;
    this.meters = meters;
    this.settings = properties.remote();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .build();
    // Inference calls: non-blocking, pooled connections. A call in flight holds no thread (the
    // servlet thread is released by the async request path), so 400 concurrent calls to a slow
    // model server need 400 connections, not 400 threads.
    this.calls =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(2000)
                    .setMaxConnPerRoute(2000)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                            .setSocketTimeout(Timeout.of(settings.timeout()))
                            .build())
                    .build())
            .setIOReactorConfig(
                IOReactorConfig.custom()
                    .setIoThreadCount(Math.max(2, Runtime.getRuntime().availableProcessors()))
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(Timeout.of(settings.timeout()))
                    .setConnectionRequestTimeout(Timeout.of(settings.timeout()))
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .setThreadFactory(new DefaultThreadFactory("oip-io", true))
            .build();
    this.calls.start();
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "oip-timer");
              t.setDaemon(true);
              return t;
            });
    // Deadlines are cancelled when the call completes: drop them from the queue at once.
    scheduler.setRemoveOnCancelPolicy(true);
    this.retryScheduler = scheduler;
    // Last line of defence for the "always completes" contract: the client's own timeouts fire
    // first; this catches anything that slips past them (e.g. a stuck connection lease).
    this.deadlineMillis = settings.timeout().plus(settings.connectTimeout()).toMillis() + 1_000;
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(1 + Math.max(0, settings.retries()))
            .waitDuration(Duration.ofMillis(20))
            .retryOnException(OipHttpBackend::neverReachedTheServer)
            .build();
  }

  @Override
  public String name() {
    return "oip";
  }

  @Override
  public boolean serves(String artifactUri) {
    return artifactUri != null
        && (artifactUri.startsWith("http://") || artifactUri.startsWith("https://"));
  }

  /** Registers the model and checks its health now; a model that is not ready is refused. */
  @Override
  public void load(ServableModel model) {
    Target target = targets.computeIfAbsent(model.artifactUri(), u -> new Target(model));
    target.check();
    if (!target.ready) {
      targets.remove(model.artifactUri(), target);
      throw new ModelUnavailableException(
          "the model server at " + model.artifactUri() + " is not ready: " + target.lastProblem);
    }
  }

  /** Blocking form of {@link #predictAsync}, for callers that may hold their thread. */
  @Override
  public double[] predict(ServableModel model, float[] values, int rows, int columns) {
    try {
      return predictAsync(model, values, rows, columns).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Sends the call on the non-blocking client and returns at once; the future completes on the
   * client's I/O thread with the scores or a {@link BackendFailure} (see {@link
   * dev.aifactory.gateway.serving.ModelBackend#predictAsync}).
   */
  @Override
  public CompletableFuture<double[]> predictAsync(
      ServableModel model, float[] values, int rows, int columns) {
    // Deployed by another instance: register without waiting for a health check.
    Target target = targets.computeIfAbsent(model.artifactUri(), u -> new Target(model));
    if (!target.ready) {
      target.outcome("not-ready");
      return CompletableFuture.failedFuture(
          new BackendFailure(
              BackendFailure.Kind.NOT_READY,
              "the model server at " + model.artifactUri() + " is not ready: " + target.lastProblem,
              Math.max(1, settings.healthInterval().toSeconds()),
              null));
    }
    CompletableFuture<double[]> result = new CompletableFuture<>();
    Retry.decorateCompletionStage(
            target.retry,
            retryScheduler,
            () -> target.breaker.decorate(() -> target.infer(values, rows, columns)).get())
        .get()
        .whenComplete(
            (scores, error) -> {
              if (error == null) {
                target.outcome("ok");
                result.complete(scores);
                return;
              }
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (cause instanceof CallNotPermittedException open) {
                target.outcome("breaker-open");
                result.completeExceptionally(target.breaker.refused(open));
              } else if (cause instanceof BackendFailure failure) {
                target.outcome(failure.kind().name().toLowerCase(java.util.Locale.ROOT));
                result.completeExceptionally(failure);
              } else {
                target.outcome("failed");
                result.completeExceptionally(
                    new BackendFailure(
                        BackendFailure.Kind.FAILED,
                        "calling " + target.infer + " failed: " + cause,
                        0,
                        cause));
              }
            });
    return result;
  }

  @Override
  public boolean isReady(ServableModel model) {
    Target target = targets.get(model.artifactUri());
    return target == null || target.ready;
  }

  @Override
  public boolean accepting(ServableModel model) {
    Target target = targets.get(model.artifactUri());
    return target == null || (target.ready && !target.breaker.isOpen());
  }

  @Override
  public void unload(ModelKey key) {
    targets.values().removeIf(t -> t.model.key().equals(key));
  }

  @Override
  public boolean isLoaded(ModelKey key) {
    return targets.values().stream().anyMatch(t -> t.model.key().equals(key) && t.ready);
  }

  @Override
  public Set<ModelKey> loaded() {
    Set<ModelKey> keys = new HashSet<>();
    targets.values().forEach(t -> keys.add(t.model.key()));
    return keys;
  }

  /** Polls the health of every registered model server. */
  @Scheduled(
      fixedDelayString = "${aifactory.gateway.remote.health-interval:5s}",
      initialDelayString = "${aifactory.gateway.remote.health-interval:5s}")
  void checkHealth() {
    targets.values().forEach(Target::check);
  }

  private static boolean neverReachedTheServer(Throwable e) {
    return e instanceof BackendFailure f
        && (f.getCause() instanceof ConnectException
            || f.getCause() instanceof ConnectTimeoutException
            // A pooled connection the server had closed: it answered nothing, so nothing was
            // scored (and scoring has no side effects).
            || f.getCause() instanceof org.apache.hc.core5.http.NoHttpResponseException
            || f.getCause() instanceof org.apache.hc.core5.http.ConnectionClosedException);
  }

  @jakarta.annotation.PreDestroy
  void close() {
    calls.close(CloseMode.GRACEFUL);
    retryScheduler.shutdownNow();
  }

  /** One model on one server: its breaker, retry, health and meters. */
  private final class Target {
    final ServableModel model;
    final URI infer;
    final URI modelReady;
    final URI serverLive;
    final URI serverReady;
    final BackendBreaker breaker;
    final Retry retry;
    final Map<String, io.micrometer.core.instrument.Counter> outcomes = new ConcurrentHashMap<>();
    volatile boolean ready = true;
    volatile String lastProblem = "";

    Target(ServableModel model) {
      this.model = model;
      String url = model.artifactUri().replaceAll("/+$", "");
      int v2 = url.indexOf("/v2/");
      String base = v2 < 0 ? url : url.substring(0, v2);
      this.infer = URI.create(url + "/infer");
      this.modelReady = URI.create(url + "/ready");
      this.serverLive = URI.create(base + "/v2/health/live");
      this.serverReady = URI.create(base + "/v2/health/ready");
      this.breaker = new BackendBreaker(url, model.artifactUri(), settings);
      this.retry = Retry.of(url, retryConfig);
      meters.gauge(
          "aifactory.gateway.backend.breaker.open",
          io.micrometer.core.instrument.Tags.of(
              "team", model.team(),
              "model", model.modelGroup(),
              "version", Integer.toString(model.version()),
              "backend", "oip",
              "url", model.artifactUri()),
          breaker,
          b -> b.isOpen() ? 1 : 0);
    }

    void outcome(String outcome) {
      outcomes
          .computeIfAbsent(
              outcome,
              o ->
                  meters.counter(
                      "aifactory.gateway.backend.calls",
                      "team",
                      model.team(),
                      "model",
                      model.modelGroup(),
                      "version",
                      Integer.toString(model.version()),
                      "backend",
                      "oip",
                      "url",
                      model.artifactUri(),
                      "outcome",
                      o))
          .increment();
    }

    void check() {
      String problem = null;
      for (URI uri : new URI[] {serverLive, serverReady, modelReady}) {
        try {
          HttpResponse<Void> response =
              http.send(
                  HttpRequest.newBuilder(uri).timeout(settings.healthTimeout()).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() != 200) {
            problem = uri.getPath() + " answered " + response.statusCode();
            break;
          }
        } catch (IOException e) {
          problem = uri.getPath() + ": " + e.getMessage();
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      boolean nowReady = problem == null;
      if (nowReady != ready) {
        log.info(
            "Model server {} is {}",
            model.artifactUri(),
            nowReady ? "ready" : "NOT ready: " + problem);
      }
      lastProblem = problem == null ? "" : problem;
      ready = nowReady;
    }

    /**
     * One call; the future completes on the client's I/O thread, never exceptionally with anything
     * but a {@link BackendFailure}.
     */
    CompletableFuture<double[]> infer(float[] values, int rows, int columns) {
      CompletableFuture<double[]> scores = new CompletableFuture<>();
      SimpleHttpRequest post =
          SimpleRequestBuilder.post(infer)
              .setBody(body(values, rows, columns), ContentType.APPLICATION_JSON)
              .build();
      Future<SimpleHttpResponse> call;
      try {
        call =
            calls.execute(
                post,
                new FutureCallback<>() {
                  @Override
                  public void completed(SimpleHttpResponse response) {
                    try {
                      scores.complete(answer(response, rows));
                    } catch (BackendFailure failure) {
                      scores.completeExceptionally(failure);
                    }
                  }

                  @Override
                  public void failed(Exception e) {
                    scores.completeExceptionally(failure(e));
                  }

                  @Override
                  public void cancelled() {
                    scores.completeExceptionally(timedOut(null));
                  }
                });
      } catch (RuntimeException e) {
        // e.g. the client was shut down
        scores.completeExceptionally(failure(e));
        return scores;
      }
      ScheduledFuture<?> deadline =
          retryScheduler.schedule(
              () -> {
                if (scores.completeExceptionally(timedOut(null))) {
                  call.cancel(true);
                }
              },
              deadlineMillis,
              TimeUnit.MILLISECONDS);
      scores.whenComplete((s, e) -> deadline.cancel(false));
      return scores;
    }

    private BackendFailure failure(Exception e) {
      if (e instanceof ConnectException || e instanceof ConnectTimeoutException) {
        return new BackendFailure(
            BackendFailure.Kind.FAILED, "could not connect to " + infer, 0, e);
      }
      if (e instanceof java.net.SocketTimeoutException
          || e instanceof java.util.concurrent.TimeoutException) {
        return timedOut(e);
      }
      return new BackendFailure(
          BackendFailure.Kind.FAILED, "calling " + infer + " failed: " + e, 0, e);
    }

    private BackendFailure timedOut(Exception e) {
      return new BackendFailure(
          BackendFailure.Kind.TIMEOUT,
          infer + " did not answer within " + settings.timeout().toMillis() + " ms",
          0,
          e);
    }

    private double[] answer(SimpleHttpResponse response, int rows) {
      int status = response.getCode();
      if (status == 429) {
        Header retryAfterHeader = response.getFirstHeader("Retry-After");
        long retryAfter = retryAfterHeader == null ? 1L : seconds(retryAfterHeader.getValue());
        throw new BackendFailure(
            BackendFailure.Kind.THROTTLED, infer + " is throttling requests", retryAfter, null);
      }
      if (status != 200) {
        throw new BackendFailure(
            BackendFailure.Kind.FAILED, infer + " answered " + status, 0, null);
      }
      byte[] body = response.getBodyBytes();
      return scores(body == null ? new byte[0] : body, rows);
    }

    private double[] scores(byte[] body, int rows) {
      try {
        JsonNode output = json.readTree(body).path("outputs").path(0);
        JsonNode data = output.path("data");
        JsonNode shape = output.path("shape");
        int width = shape.size() >= 2 ? shape.get(1).asInt() : 1;
        if (!data.isArray() || data.size() != rows * width) {
          throw new BackendFailure(
              BackendFailure.Kind.FAILED,
              infer + " answered " + data.size() + " values for " + rows + " rows",
              0,
              null);
        }
        double[] scores = new double[rows];
        for (int r = 0; r < rows; r++) {
          // [rows, 2] = class probabilities: the score is class 1's, as the local backend gives.
          scores[r] = data.get(r * width + (width == 2 ? 1 : 0)).asDouble();
        }
        return scores;
      } catch (BackendFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw new BackendFailure(
            BackendFailure.Kind.FAILED, infer + " answered an unreadable body: " + e, 0, e);
      }
    }
  }

  /** The OIP v2 JSON request: one FP32 tensor; missing values (NaN) are sent as null. */
  static String body(float[] values, int rows, int columns) {
    StringBuilder b = new StringBuilder(32 + values.length * 8);
    b.append("{\"inputs\":[{\"name\":\"input-0\",\"shape\":[")
        .append(rows)
        .append(',')
        .append(columns)
        .append("],\"datatype\":\"FP32\",\"data\":[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      float v = values[i];
      if (Float.isNaN(v)) {
        b.append("null");
      } else {
        b.append(v);
      }
    }
    return b.append("]}]}").toString();
  }

  private static long seconds(String header) {
    try {
      return Math.max(1, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
