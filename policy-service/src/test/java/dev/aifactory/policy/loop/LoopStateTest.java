package dev.aifactory.policy.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.policy.loop.LoopState.State;
import org.junit.jupiter.api.Test;

class LoopStateTest {

  @Test
  void followsTheLoopsOrdinaryPath() {
    assertThat(State.IDLE.canMoveTo(State.RETRAINING)).isTrue();
    assertThat(State.RETRAINING.canMoveTo(State.EVALUATING)).isTrue();
    assertThat(State.EVALUATING.canMoveTo(State.AWAITING_APPROVAL)).isTrue();
    assertThat(State.AWAITING_APPROVAL.canMoveTo(State.PROMOTED)).isTrue();
    assertThat(State.PROMOTED.canMoveTo(State.COOLING_DOWN)).isTrue();
    assertThat(State.ROLLING_OUT.canMoveTo(State.ROLLED_BACK)).isTrue();
    assertThat(State.COOLING_DOWN.canMoveTo(State.IDLE)).isTrue();
  }

  @Test
  void followsFactsReportedByOtherServicesFromAnyState() {
    for (State from : State.values()) {
      if (from != State.RETRAINING) {
        assertThat(from.canMoveTo(State.RETRAINING)).as(from + " -> retraining").isTrue();
      }
      if (from != State.ROLLING_OUT) {
        assertThat(from.canMoveTo(State.ROLLING_OUT)).as(from + " -> rolling-out").isTrue();
      }
    }
  }

  @Test
  void ignoresLateOrImpossibleTransitions() {
    assertThat(State.IDLE.canMoveTo(State.ROLLED_BACK)).isFalse();
    assertThat(State.IDLE.canMoveTo(State.AWAITING_APPROVAL)).isFalse();
    assertThat(State.PROMOTED.canMoveTo(State.IDLE)).isFalse();
    assertThat(State.COOLING_DOWN.canMoveTo(State.COOLING_DOWN)).isFalse();
  }

  @Test
  void onlyARunUnderWayOrItsVerdictIsBusy() {
    assertThat(State.RETRAINING.busy()).isTrue();
    assertThat(State.EVALUATING.busy()).isTrue();
    assertThat(State.AWAITING_APPROVAL.busy()).isTrue();
    assertThat(State.ROLLING_OUT.busy()).isFalse();
    assertThat(State.COOLING_DOWN.busy()).isFalse();
  }

  @Test
  void readsAndWritesItsIds() {
    assertThat(State.AWAITING_APPROVAL.id()).isEqualTo("awaiting-approval");
    assertThat(State.of("cooling-down")).isEqualTo(State.COOLING_DOWN);
  }
}
