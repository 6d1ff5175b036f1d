package dev.aifactory.training.run;

import dev.aifactory.training.TrainingProperties;
import dev.aifactory.training.admission.AdmissionProperties;
import dev.aifactory.training.admission.AdmissionUnavailable;
import dev.aifactory.training.admission.DataAccessCheck;
import dev.aifactory.training.admission.TrainingAdmission;
import dev.aifactory.training.dataset.DatasetVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Admission of a run before it launches: the principal's READ grant on the dataset version
 * (ingestion), then policy's decision on the run (budget against the cost estimate, data quality,
 * PII rules). Off with {@code aifactory.training.admission.enabled=false}.
 */
@Component
class RunAdmission {

  private static final Logger log = LoggerFactory.getLogger(RunAdmission.class);

  /** Seconds of one CPU thread per million feature cells per boosting round (hist, depth ~6). */
  static final double SECONDS_PER_MILLION_CELL_ROUNDS = 0.05;

  private final DataAccessCheck access;
  private final TrainingAdmission policy;
  private final AdmissionProperties properties;
  private final double cpuSecondUsd;

  RunAdmission(
      DataAccessCheck access,
      TrainingAdmission policy,
      AdmissionProperties properties,
      TrainingProperties training) {
    this.access = access;
    this.policy = policy;
    this.properties = properties;
    this.cpuSecondUsd = training.training().cost().cpuSecondUsd();
  }

  /** The verdict on a run. */
  sealed interface Outcome {}

  /** May launch; {@code decisionId} is policy's decision (null when admission is off). */
  record Admitted(String decisionId) implements Outcome {}

  /** May not launch, for {@code reasons}; {@code decisionId} when policy decided. */
  record Rejected(List<String> reasons, String decisionId) implements Outcome {}

  boolean enabled() {
    return properties.enabled();
  }

  AdmissionProperties properties() {
    return properties;
  }

  /** The principal whose grant a run needs: the caller for API runs, the team for the others. */
  static String principal(TrainingRun run) {
    return run.principal() != null ? run.principal() : "team:" + run.team();
  }

  /**
   * The missing grant when ingestion says the principal may not read the dataset version; empty
   * when it may or when ingestion cannot say now (the run is checked again before launch).
   */
  Optional<String> missingGrant(String team, String datasetId, int version, String principal) {
    if (!properties.enabled()) {
      return Optional.empty();
    }
    try {
      DataAccessCheck.Access answer = access.readable(team, datasetId, version, principal);
      return answer.granted() ? Optional.empty() : Optional.of(answer.reason());
    } catch (AdmissionUnavailable e) {
      log.warn("Grant check deferred to launch: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Checks the grant, then asks policy.
   *
   * @throws AdmissionUnavailable when either cannot answer now
   */
  Outcome admit(TrainingRun run, Optional<DatasetVersion> dataset) {
    if (!properties.enabled()) {
      return new Admitted(null);
    }
    String principal = principal(run);
    DataAccessCheck.Access grant =
        access.readable(run.team(), run.datasetId(), run.datasetVersion(), principal);
    if (!grant.granted()) {
      return new Rejected(List.of("missing grant: " + grant.reason()), null);
    }
    TrainingAdmission.Verdict verdict =
        policy.admit(
            run.team(),
            new TrainingAdmission.Request(
                run.modelGroup(),
                run.datasetId(),
                run.datasetVersion(),
                dataset.map(DatasetVersion::qualityStatus).orElse(null),
                dataset.map(DatasetVersion::tags).orElse(run.datasetTags()),
                estimatedCost(run, dataset),
                run.trigger(),
                run.requestedBy() != null ? run.requestedBy() : principal));
    if (verdict.allowed()) {
      return new Admitted(verdict.decisionId());
    }
    List<String> reasons = new ArrayList<>(verdict.reasons());
    if (reasons.isEmpty()) {
      reasons.add("policy denied the run (" + verdict.outcome() + ")");
    }
    return new Rejected(List.copyOf(reasons), verdict.decisionId());
  }

  /**
   * What a local run is expected to cost: rows × features × rounds at a measured throughput per
   * thread, billed per reserved thread like the actual cost. Policy compares it with the budget.
   */
  double estimatedCost(TrainingRun run, Optional<DatasetVersion> dataset) {
    Map<String, String> params = Hyperparameters.effective(run.hyperparameters());
    long rows = dataset.map(DatasetVersion::rowCount).filter(r -> r > 0).orElse(10_000L);
    int features = dataset.map(d -> Math.max(1, d.columns().size() - 1)).orElse(10);
    int rounds = Integer.parseInt(params.get(Hyperparameters.NUM_ROUND));
    int threads = Integer.parseInt(params.get("nthread"));
    double cellRounds = (double) rows * features * rounds / 1e6;
    double seconds = Math.max(1, cellRounds * SECONDS_PER_MILLION_CELL_ROUNDS / threads);
    return seconds * threads * cpuSecondUsd;
  }
}
