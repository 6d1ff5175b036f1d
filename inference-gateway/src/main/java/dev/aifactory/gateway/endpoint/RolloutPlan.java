package dev.aifactory.gateway.endpoint;

import dev.aifactory.common.web.ApiException;
import java.util.List;
import java.util.Locale;

/**
 * How a candidate version takes over an endpoint: {@code steps} are the candidate's traffic
 * percentages in order, ending at 100; each step lasts at least {@code bakeSeconds} and needs a
 * gate decision to move on. A step of 0 (first step of {@code shadow} only) serves the candidate as
 * a shadow: it gets copies of requests and answers none.
 */
public record RolloutPlan(Strategy strategy, List<Integer> steps, long bakeSeconds) {

  public static final long DEFAULT_BAKE_SECONDS = 300;
  public static final int MAX_STEPS = 10;

  /** Longest bake time per step: a week, so a typo cannot park a rollout for years. */
  public static final long MAX_BAKE_SECONDS = 7 * 24 * 3600;

  public enum Strategy {
    ALL_AT_ONCE("all-at-once", List.of(100)),
    CANARY("canary", List.of(10, 100)),
    LINEAR("linear", List.of(10, 25, 50, 100)),
    SHADOW("shadow", List.of(0, 100));

    private final String wire;
    private final List<Integer> defaultSteps;

    Strategy(String wire, List<Integer> defaultSteps) {
      this.wire = wire;
      this.defaultSteps = defaultSteps;
    }

    public String wire() {
      return wire;
    }

    public List<Integer> defaultSteps() {
      return defaultSteps;
    }

    public static Strategy fromWire(String value) {
      for (Strategy s : values()) {
        if (s.wire.equals(value)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown rollout strategy " + value);
    }
  }

  public RolloutPlan {
    steps = List.copyOf(steps);
  }

  public int lastStep() {
    return steps.size() - 1;
  }

  /** The candidate's traffic percentage at the step. */
  public int weightAt(int step) {
    return steps.get(step);
  }

  /**
   * A plan from what a caller sent, with the strategy's default steps and bake time where left out.
   * Problems name the field under {@code prefix} (e.g. {@code "championRollout."}).
   */
  public static RolloutPlan of(String prefix, String strategy, List<Integer> steps, Long bake) {
    if (strategy == null || strategy.isBlank()) {
      throw ApiException.badRequest(prefix + "strategy", "must be " + strategies());
    }
    Strategy chosen;
    try {
      chosen = Strategy.fromWire(strategy.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          prefix + "strategy", "'" + strategy + "' is not a strategy; use " + strategies());
    }
    List<Integer> chosenSteps = steps == null || steps.isEmpty() ? chosen.defaultSteps() : steps;
    validateSteps(prefix + "steps", chosen, chosenSteps);
    long bakeSeconds = bake == null ? DEFAULT_BAKE_SECONDS : bake;
    if (bakeSeconds < 0 || bakeSeconds > MAX_BAKE_SECONDS) {
      throw ApiException.badRequest(
          prefix + "bakeSeconds", "must be between 0 and " + MAX_BAKE_SECONDS + " (a week)");
    }
    return new RolloutPlan(chosen, chosenSteps, bakeSeconds);
  }

  private static void validateSteps(String field, Strategy strategy, List<Integer> steps) {
    if (steps.size() > MAX_STEPS) {
      throw ApiException.badRequest(field, "at most " + MAX_STEPS + " steps");
    }
    int previous = -1;
    for (int i = 0; i < steps.size(); i++) {
      Integer step = steps.get(i);
      int lowest = strategy == Strategy.SHADOW && i == 0 ? 0 : 1;
      if (step == null || step < lowest || step > 100) {
        throw ApiException.badRequest(
            field + "[" + i + "]",
            lowest == 0
                ? "must be a percentage from 0 (shadow) to 100"
                : "must be a percentage from 1 to 100");
      }
      if (step <= previous) {
        throw ApiException.badRequest(field + "[" + i + "]", "steps must increase");
      }
      previous = step;
    }
    if (previous != 100) {
      throw ApiException.badRequest(field, "the last step must be 100 (the candidate takes over)");
    }
    if (strategy == Strategy.SHADOW && steps.get(0) != 0) {
      throw ApiException.badRequest(field + "[0]", "a shadow rollout starts with step 0");
    }
    if (strategy == Strategy.ALL_AT_ONCE && steps.size() != 1) {
      throw ApiException.badRequest(field, "all-at-once has the single step [100]");
    }
  }

  private static String strategies() {
    return "all-at-once, canary, linear or shadow";
  }
}
