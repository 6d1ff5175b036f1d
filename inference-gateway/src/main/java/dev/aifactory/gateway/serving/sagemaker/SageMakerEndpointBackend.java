package dev.aifactory.gateway.serving.sagemaker;

import dev.aifactory.gateway.GatewayProperties;
import dev.aifactory.gateway.serving.BackendAdapter;
import dev.aifactory.gateway.serving.BackendBreaker;
import dev.aifactory.gateway.serving.BackendFailure;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import dev.aifactory.gateway.serving.ServableModel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SageMaker real-time endpoints as a backend: a deployment at {@code sagemaker://<endpoint>} or
 * {@code sagemaker://<endpoint>/<variant>} is scored with {@code InvokeEndpoint} (CSV rows, as the
 * SageMaker XGBoost container takes them), naming the production variant with {@code TargetVariant}
 * so the gateway — not SageMaker — decides the split. Answers in CSV, a JSON array or {@code
 * {"predictions": [...]}} are read.
 *
 * <p>Protection as for OIP servers: the call timeout is {@code aifactory.gateway.remote.timeout},
 * the SDK does not retry (a retried inference doubles load exactly when the endpoint is
 * struggling), a circuit breaker per endpoint+variant fails fast, and {@code DescribeEndpoint} is
 * polled: an endpoint that is not {@code InService}/{@code Updating} gets no requests while another
 * variant can take them.
 */
public class SageMakerEndpointBackend implements BackendAdapter {

  static final String SCHEME = "sagemaker://";

  private final SageMakerRuntimeClient runtime;
  private final SageMakerClient sagemaker;
  private final JsonMapper json;
  private final GatewayProperties.Remote settings;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();

  public SageMakerEndpointBackend(
      SageMakerRuntimeClient runtime,
      SageMakerClient sagemaker,
      JsonMapper json,
      GatewayProperties.Remote settings) {
    this.runtime = runtime;
    this.sagemaker = sagemaker;
    this.json = json;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "sagemaker";
  }

  @Override
  public boolean serves(String artifactUri) {
    return artifactUri != null && artifactUri.startsWith(SCHEME);
  }

  @Override
  public void load(ServableModel model) {
    Target target = targets.computeIfAbsent(model.artifactUri(), u -> new Target(model));
    target.check();
    if (!target.ready) {
      targets.remove(model.artifactUri(), target);
      throw new ModelUnavailableException(
          "SageMaker endpoint " + target.endpoint + " is not in service: " + target.problem);
    }
  }

  @Override
  public double[] predict(ServableModel model, float[] values, int rows, int columns) {
    Target target = targets.computeIfAbsent(model.artifactUri(), u -> new Target(model));
    if (!target.ready) {
      throw new BackendFailure(
          BackendFailure.Kind.NOT_READY,
          "SageMaker endpoint " + target.endpoint + " is not in service: " + target.problem,
          1,
          null);
    }
    return target.breaker.call(() -> target.invoke(values, rows, columns));
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

  @Scheduled(
      fixedDelayString = "${aifactory.gateway.remote.health-interval:5s}",
      initialDelayString = "${aifactory.gateway.remote.health-interval:5s}")
  void checkHealth() {
    targets.values().forEach(Target::check);
  }

  /** The CSV body SageMaker's XGBoost container takes: one row per line, empty = missing. */
  static String csv(float[] values, int rows, int columns) {
    StringBuilder b = new StringBuilder(values.length * 8);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        if (c > 0) {
          b.append(',');
        }
        float v = values[r * columns + c];
        if (!Float.isNaN(v)) {
          b.append(v);
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  double[] scores(String body, int rows) {
    String text = body.trim();
    double[] scores = new double[rows];
    if (text.startsWith("{") || text.startsWith("[")) {
      JsonNode node = json.readTree(text);
      JsonNode list = node.isArray() ? node : node.path("predictions");
      if (list.size() != rows) {
        throw new IllegalArgumentException(list.size() + " predictions for " + rows + " rows");
      }
      for (int i = 0; i < rows; i++) {
        JsonNode p = list.get(i);
        scores[i] = p.isNumber() ? p.asDouble() : p.path("score").asDouble();
      }
      return scores;
    }
    String[] parts = text.split("[,\\s]+");
    if (parts.length != rows) {
      throw new IllegalArgumentException(parts.length + " predictions for " + rows + " rows");
    }
    for (int i = 0; i < rows; i++) {
      scores[i] = Double.parseDouble(parts[i]);
    }
    return scores;
  }

  private final class Target {
    final ServableModel model;
    final String endpoint;
    final String variant;
    final BackendBreaker breaker;
    volatile boolean ready = true;
    volatile String problem = "";

    Target(ServableModel model) {
      this.model = model;
      String rest = model.artifactUri().substring(SCHEME.length());
      int slash = rest.indexOf('/');
      this.endpoint = slash < 0 ? rest : rest.substring(0, slash);
      this.variant = slash < 0 || slash == rest.length() - 1 ? null : rest.substring(slash + 1);
      this.breaker =
          new BackendBreaker(model.artifactUri(), "SageMaker endpoint " + endpoint, settings);
    }

    void check() {
      try {
        EndpointStatus status =
            sagemaker.describeEndpoint(r -> r.endpointName(endpoint)).endpointStatus();
        ready = status == EndpointStatus.IN_SERVICE || status == EndpointStatus.UPDATING;
        problem = ready ? "" : "status " + status;
      } catch (SdkException e) {
        ready = false;
        problem = e.getMessage();
      }
    }

    double[] invoke(float[] values, int rows, int columns) {
      InvokeEndpointResponse response;
      try {
        response =
            runtime.invokeEndpoint(
                r -> {
                  r.endpointName(endpoint)
                      .contentType("text/csv")
                      .accept("text/csv, application/json")
                      .body(SdkBytes.fromUtf8String(csv(values, rows, columns)));
                  if (variant != null) {
                    r.targetVariant(variant);
                  }
                });
      } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
        throw new BackendFailure(
            BackendFailure.Kind.TIMEOUT, "SageMaker endpoint " + endpoint + " timed out", 0, e);
      } catch (AwsServiceException e) {
        if (e.statusCode() == 429 || e.isThrottlingException()) {
          throw new BackendFailure(
              BackendFailure.Kind.THROTTLED,
              "SageMaker endpoint "
                  + endpoint
                  + " is throttling: "
                  + e.awsErrorDetails().errorCode(),
              1,
              e);
        }
        throw new BackendFailure(
            BackendFailure.Kind.FAILED,
            "SageMaker endpoint "
                + endpoint
                + " answered "
                + e.statusCode()
                + ": "
                + e.getMessage(),
            0,
            e);
      } catch (SdkException e) {
        throw new BackendFailure(
            BackendFailure.Kind.FAILED, "calling SageMaker endpoint " + endpoint + " failed", 0, e);
      }
      try {
        return scores(response.body().asUtf8String(), rows);
      } catch (RuntimeException e) {
        throw new BackendFailure(
            BackendFailure.Kind.FAILED,
            "SageMaker endpoint " + endpoint + " answered an unreadable body: " + e.getMessage(),
            0,
            e);
      }
    }
  }
}
