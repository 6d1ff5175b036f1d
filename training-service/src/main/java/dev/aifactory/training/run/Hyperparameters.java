package dev.aifactory.training.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hyperparameters a user may set, with their types and ranges, and the defaults they override.
 * Anything else is refused up front rather than failing inside the trainer.
 */
public final class Hyperparameters {

  public static final String NUM_ROUND = "num_round";
  public static final String EARLY_STOPPING_ROUNDS = "early_stopping_rounds";
  public static final String SEED = "seed";

  /**
   * One accepted parameter: integer or decimal, within [min, max] ({@code min} exclusive if so).
   */
  record Rule(boolean integer, double min, boolean minExclusive, double max) {

    String check(String value) {
      double v;
      try {
        v = integer ? Long.parseLong(value.trim()) : Double.parseDouble(value.trim());
      } catch (NumberFormatException | NullPointerException e) {
        return "must be " + (integer ? "an integer" : "a number") + ", was '" + value + "'";
      }
      if (Double.isNaN(v) || (minExclusive ? v <= min : v < min) || v > max) {
        return "must be " + (minExclusive ? "> " : ">= ") + fmt(min) + " and <= " + fmt(max);
      }
      return null;
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
  }

  static final Map<String, Rule> RULES = new TreeMap<>();

  static {
    RULES.put("max_depth", new Rule(true, 1, false, 20));
    RULES.put("eta", new Rule(false, 0, true, 1));
    RULES.put(NUM_ROUND, new Rule(true, 1, false, 5000));
    RULES.put(EARLY_STOPPING_ROUNDS, new Rule(true, 0, false, 1000));
    RULES.put("subsample", new Rule(false, 0, true, 1));
    RULES.put("colsample_bytree", new Rule(false, 0, true, 1));
    RULES.put("min_child_weight", new Rule(false, 0, false, 1e6));
    RULES.put("gamma", new Rule(false, 0, false, 1e6));
    RULES.put("lambda", new Rule(false, 0, false, 1e6));
    RULES.put("alpha", new Rule(false, 0, false, 1e6));
    RULES.put("max_bin", new Rule(true, 2, false, 1024));
    RULES.put("scale_pos_weight", new Rule(false, 0, true, 1e6));
    RULES.put(SEED, new Rule(true, 0, false, Integer.MAX_VALUE));
    RULES.put("nthread", new Rule(true, 1, false, 16));
  }

  /** Defaults every run starts from; user values override them. */
  public static final Map<String, String> DEFAULTS =
      Map.of(
          "max_depth",
          "4",
          "eta",
          "0.2",
          NUM_ROUND,
          "100",
          EARLY_STOPPING_ROUNDS,
          "10",
          SEED,
          "42",
          "nthread",
          "2");

  private Hyperparameters() {}

  /** A parameter the schema refuses. */
  public static class Invalid extends RuntimeException {
    private final String name;

    Invalid(String name, String message) {
      super("hyperparameter '" + name + "' " + message);
      this.name = name;
    }

    public String parameter() {
      return name;
    }
  }

  /**
   * Checks user values against the schema and returns them (trimmed, in name order).
   *
   * @throws Invalid naming the first bad parameter
   */
  public static Map<String, String> validate(Map<String, String> values) {
    Map<String, String> checked = new TreeMap<>();
    if (values == null) {
      return checked;
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      Rule rule = RULES.get(e.getKey());
      if (rule == null) {
        throw new Invalid(e.getKey(), "is not supported; supported: " + RULES.keySet());
      }
      String problem = rule.check(e.getValue());
      if (problem != null) {
        throw new Invalid(e.getKey(), problem);
      }
      checked.put(e.getKey(), e.getValue().trim());
    }
    return checked;
  }

  /** Defaults overridden by the (already validated) user values. */
  public static Map<String, String> effective(Map<String, String> user) {
    Map<String, String> all = new LinkedHashMap<>(new TreeMap<>(DEFAULTS));
    all.putAll(validate(user));
    return all;
  }
}
