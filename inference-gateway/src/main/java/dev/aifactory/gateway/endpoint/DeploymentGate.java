package dev.aifactory.gateway.endpoint;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.admission.AdmissionProperties;
import dev.aifactory.gateway.admission.AdmissionUnavailable;
import dev.aifactory.gateway.admission.DeploymentAdmission;
import dev.aifactory.gateway.admission.DeploymentAdmission.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Asks policy before a deployment changes what an endpoint serves, with what policy weighs: the
 * model version, whether its training data carries PII (from the version's data tags), whether the
 * endpoint is public, and the backend it would run on.
 */
@Component
public class DeploymentGate {

  private static final Logger log = LoggerFactory.getLogger(DeploymentGate.class);

  private final DeploymentAdmission admission;
  private final Champions champions;
  private final AdmissionProperties properties;
  private final MeterRegistry meters;

  DeploymentGate(
      DeploymentAdmission admission,
      Champions champions,
      AdmissionProperties properties,
      MeterRegistry meters) {
    this.admission = admission;
    this.champions = champions;
    this.properties = properties;
    this.meters = meters;
  }

  /**
   * Policy's verdict on serving {@code model} from {@code endpoint} on {@code backend}.
   *
   * @throws AdmissionUnavailable when policy cannot answer
   */
  public Verdict ask(Endpoint endpoint, ModelVersion model, String backend, String requestedBy) {
    if (!properties.enabled()) {
      return Verdict.admittedWithoutAsking();
    }
    List<String> tags = champions.dataTags(model.team(), model.modelGroup(), model.version());
    DeploymentAdmission.Request request =
        new DeploymentAdmission.Request(
            endpoint.name(),
            model.modelGroup(),
            model.version(),
            backend,
            1,
            endpoint.publicEndpoint(),
            trainedOnPii(tags),
            requestedBy);
    try {
      Verdict verdict = admission.admit(endpoint.team(), request);
      count(endpoint, model, verdict.allowed() ? "allowed" : "denied");
      return verdict;
    } catch (AdmissionUnavailable e) {
      count(endpoint, model, "unavailable");
      throw e;
    }
  }

  /**
   * For a person's API call: returns when policy admits the deployment; a deny is a 403 with
   * policy's reasons, policy being unreachable a 503 with {@code Retry-After}. Call it before
   * anything changes.
   */
  public void requireAdmitted(
      Endpoint endpoint, ModelVersion model, String backend, String requestedBy, String field) {
    Verdict verdict;
    try {
      verdict = ask(endpoint, model, backend, requestedBy);
    } catch (AdmissionUnavailable e) {
      log.warn(
          "Deployment admission for {} v{} on endpoint {} is unavailable: {}",
          model.modelGroup(),
          model.version(),
          endpoint.name(),
          e.getMessage());
      throw new ApiException(
              HttpStatus.SERVICE_UNAVAILABLE,
              "admission-unavailable",
              "Policy could not be asked whether v"
                  + model.version()
                  + " of model group '"
                  + model.modelGroup()
                  + "' may be deployed ("
                  + e.getMessage()
                  + "); nothing was changed, retry later",
              List.of())
          .withHeader(
              "Retry-After", Long.toString(Math.max(1, properties.retryAfter().toSeconds())));
    }
    if (!verdict.allowed()) {
      List<ApiException.FieldProblem> problems = new ArrayList<>();
      for (String reason : verdict.reasons()) {
        problems.add(new ApiException.FieldProblem(field, reason));
      }
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "deployment-denied",
          "Policy denied deploying v"
              + model.version()
              + " of model group '"
              + model.modelGroup()
              + "' to endpoint '"
              + endpoint.name()
              + "'"
              + (verdict.decisionId() == null ? "" : " (decision " + verdict.decisionId() + ")")
              + ": "
              + (verdict.reasons().isEmpty()
                  ? "no reason given"
                  : String.join("; ", verdict.reasons()))
              + "; nothing was changed",
          problems);
    }
  }

  /** Tagged {@code pii}, or {@code pii:<kind>} other than {@code pii:none}. */
  static boolean trainedOnPii(List<String> tags) {
    for (String tag : tags) {
      String t = tag == null ? "" : tag.toLowerCase(Locale.ROOT);
      if (t.equals("pii") || (t.startsWith("pii:") && !t.equals("pii:none"))) {
        return true;
      }
    }
    return false;
  }

  private void count(Endpoint endpoint, ModelVersion model, String outcome) {
    Counter.builder("aifactory.gateway.deployment.admissions")
        .description("Deployment admission decisions asked of policy")
        .tag("team", endpoint.team())
        .tag("model", model.modelGroup())
        .tag("version", Integer.toString(model.version()))
        .tag("endpoint", endpoint.name())
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }
}
