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
          "budget", map()));

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
