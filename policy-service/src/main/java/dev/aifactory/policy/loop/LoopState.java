package dev.aifactory.policy.loop;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the feedback loop of one model group stands. {@code cooldownUntil} is set while cooling
 * down; {@code since} is when the state was entered.
 */
public record LoopState(
    String team,
    String modelGroup,
    State state,
    Instant since,
    String reason,
    String decisionId,
    Instant cooldownUntil) {

  public enum State {
    IDLE,
    RETRAINING,
    EVALUATING,
    AWAITING_APPROVAL,
    ROLLING_OUT,
    PROMOTED,
    ROLLED_BACK,
    COOLING_DOWN;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static State of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** A run is under way or waiting for its verdict: drift then asks for no second run. */
    public boolean busy() {
      return this == RETRAINING || this == EVALUATING || this == AWAITING_APPROVAL;
    }

    /**
     * Whether the loop may move from this state to {@code to}. Retraining, evaluating and rolling
     * out start from anywhere: they are facts reported by other services (a CI run, a manual
     * rollout), and the loop must follow them rather than refuse them.
     */
    public boolean canMoveTo(State to) {
      if (to == this) {
        return false;
      }
      if (to == RETRAINING || to == EVALUATING || to == ROLLING_OUT) {
        return true;
      }
      return NEXT.getOrDefault(this, Set.of()).contains(to);
    }

    private static final Map<State, Set<State>> NEXT =
        Map.of(
            RETRAINING, EnumSet.of(COOLING_DOWN, IDLE),
            EVALUATING, EnumSet.of(PROMOTED, AWAITING_APPROVAL, COOLING_DOWN),
            AWAITING_APPROVAL, EnumSet.of(PROMOTED, COOLING_DOWN),
            ROLLING_OUT, EnumSet.of(PROMOTED, ROLLED_BACK),
            PROMOTED, EnumSet.of(COOLING_DOWN),
            ROLLED_BACK, EnumSet.of(COOLING_DOWN),
            COOLING_DOWN, EnumSet.of(IDLE, PROMOTED),
            IDLE, EnumSet.of(PROMOTED));
  }

  static LoopState initial(String team, String modelGroup, Instant now) {
    return new LoopState(team, modelGroup, State.IDLE, now, "new model group", null, null);
  }
}
