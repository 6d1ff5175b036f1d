package dev.aifactory.policy.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a policy is evaluated, and the inputs its expression may use there. Numbers are doubles
 * (heterogeneous comparisons are on, so {@code x >= 60} works too); maps are {@code map(string,
 * dyn)}.
 */
public enum AttachmentPoint {
  TRAINING_DATA(
      "training-data",
      vars(
          "binding", map(),
          "dataset", map(),
          "quality", SimpleType.STRING,
          "has_champion", SimpleType.BOOL,
          "minutes_since_last_data_run", SimpleType.DOUBLE,
          "cooldown_minutes", SimpleType.DOUBLE,
          "model_group", SimpleType.STRING,
          "team", SimpleType.STRING,
          "budget", map())),
  PROMOTION(
      "promotion",
      vars(
          "candidate", map(),
          "champion", map(),
          "has_champion", SimpleType.BOOL,
          "objective", SimpleType.STRING,
          "candidate_version", SimpleType.DOUBLE,
          "model_group", SimpleType.STRING,
          "team", SimpleType.STRING)),
  RETRAINING_DRIFT(
      "retraining-drift",
      vars(
          "drift_share", SimpleType.DOUBLE,
          "drifted_features", ListType.create(SimpleType.STRING),
          "minutes_since_last_drift_run", SimpleType.DOUBLE,
          "cooldown_minutes", SimpleType.DOUBLE,
          "model_group", SimpleType.STRING,
          "endpoint", SimpleType.STRING,
          "team", SimpleType.STRING,
          "budget", map(),
          "loop_state", SimpleType.STRING)),
  /**
   * Retraining on other triggers than drift (quality degradation): {@code trigger}, what degraded
   * ({@code metric}, {@code baseline}, {@code observed}, {@code estimated}), how often the group
   * was trained lately ({@code minutes_since_last_run} for any trigger, {@code runs_today} since
   * midnight UTC) against {@code cooldown_minutes} and {@code max_per_day}.
   */
  RETRAINING(
      "retraining",
      vars(
          "trigger", SimpleType.STRING,
          "metric", SimpleType.STRING,
          "baseline", SimpleType.DOUBLE,
          "observed", SimpleType.DOUBLE,
          "estimated", SimpleType.BOOL,
          "minutes_since_last_run", SimpleType.DOUBLE,
          "cooldown_minutes", SimpleType.DOUBLE,
          "runs_today", SimpleType.DOUBLE,
          "max_per_day", SimpleType.DOUBLE,
          "loop_state", SimpleType.STRING,
          "endpoint", SimpleType.STRING,
          "model_group", SimpleType.STRING,
          "team", SimpleType.STRING,
          "budget", map())),
  /**
   * Asked by training before it launches a run. {@code dataset} repeats the request ({@code id},
   * {@code version}, {@code quality}, {@code tags}); {@code pii} is true when a tag says so.
   */
  TRAINING_ADMISSION(
      "training-admission",
      vars(
          "dataset", map(),
          "quality", SimpleType.STRING,
          "tags", ListType.create(SimpleType.STRING),
          "pii", SimpleType.BOOL,
          "estimated_cost", SimpleType.DOUBLE,
          "trigger", SimpleType.STRING,
          "requested_by", SimpleType.STRING,
          "model_group", SimpleType.STRING,
          "team", SimpleType.STRING,
          "budget", map())),
  /**
   * A dataset version being registered: {@code dataset} ({@code id, name, version, format,
   * row_count}), its {@code quality}, {@code tags}, whether it holds {@code pii}, the {@code
   * schema_change} against the previous version (NONE, COMPATIBLE, BREAKING) and the bound {@code
   * model_group} ("" when unbound). Not asked by ingestion yet.
   */
  DATASET_REGISTRATION(
      "dataset-registration",
      vars(
          "dataset", map(),
          "quality", SimpleType.STRING,
          "tags", ListType.create(SimpleType.STRING),
          "pii", SimpleType.BOOL,
          "schema_change", SimpleType.STRING,
          "model_group", SimpleType.STRING,
          "team", SimpleType.STRING)),
  /**
   * A principal reading a dataset version: who ({@code principal}, {@code principal_team}), what
   * ({@code permission}, the dataset's {@code tags}, {@code pii}, {@code dataset_team}). Not asked
   * by ingestion yet.
   */
  DATA_ACCESS(
      "data-access",
      vars(
          "principal", SimpleType.STRING,
          "principal_team", SimpleType.STRING,
          "permission", SimpleType.STRING,
          "dataset", map(),
          "tags", ListType.create(SimpleType.STRING),
          "pii", SimpleType.BOOL,
          "dataset_team", SimpleType.STRING,
          "team", SimpleType.STRING)),
  /**
   * Asked before a model version is deployed to an endpoint: where, on what, whether the endpoint
   * is public and whether the model was trained on PII data.
   */
  DEPLOYMENT(
      "deployment",
      vars(
          "endpoint", SimpleType.STRING,
          "model_group", SimpleType.STRING,
          "model_version", SimpleType.DOUBLE,
          "instance_type", SimpleType.STRING,
          "instance_count", SimpleType.DOUBLE,
          "public", SimpleType.BOOL,
          "pii", SimpleType.BOOL,
          "requested_by", SimpleType.STRING,
          "team", SimpleType.STRING,
          "budget", map())),
  /**
   * A closed monitoring window of a rollout's candidate. Comparison values that were not measured
   * are absent from their map rather than null, so {@code has(vs_champion.prediction_agreement)}
   * tells whether agreement was measured; {@code has_champion_comparison} whether there is a
   * champion window to compare with at all.
   */
  ROLLOUT_STEP(
      "rollout-step",
      vars(
          "window", map(),
          "vs_champion", map(),
          "has_champion_comparison", SimpleType.BOOL,
          "step", SimpleType.DOUBLE,
          "steps", SimpleType.DOUBLE,
          "weight", SimpleType.DOUBLE,
          "strategy", SimpleType.STRING,
          "endpoint", SimpleType.STRING,
          "candidate_version", SimpleType.DOUBLE,
          "model_group", SimpleType.STRING,
          "team", SimpleType.STRING));

  private final String id;
  private final Map<String, CelType> variables;

  AttachmentPoint(String id, Map<String, CelType> variables) {
    this.id = id;
    this.variables = variables;
  }

  public String id() {
    return id;
  }

  public Map<String, CelType> variables() {
    return variables;
  }

  public static Optional<AttachmentPoint> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  private static CelType map() {
    return MapType.create(SimpleType.STRING, SimpleType.DYN);
  }

  private static Map<String, CelType> vars(Object... nameThenType) {
    Map<String, CelType> vars = new LinkedHashMap<>();
    for (int i = 0; i < nameThenType.length; i += 2) {
      vars.put((String) nameThenType[i], (CelType) nameThenType[i + 1]);
    }
    return Map.copyOf(vars);
  }
}
