package dev.aifactory.monitoring.rollout;

import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutCompleted;
import dev.aifactory.common.events.RolloutStarted;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Follows the gateway's rollouts so a candidate's windows are compared with the champion's. A
 * rollout without a champion (a first deployment) is not tracked: there is nothing to compare.
 */
@Service
public class RolloutTracking {

  private final Rollouts rollouts;
  private final Clock clock;

  RolloutTracking(Rollouts rollouts, Clock clock) {
    this.rollouts = rollouts;
    this.clock = clock;
  }

  @Transactional
  public void started(RolloutStarted event) {
    if (event.rolloutId() == null
        || event.team() == null
        || event.endpoint() == null
        || event.candidateVariant() == null) {
      throw new IllegalArgumentException(
          "endpoint.rollout-started without rollout id, team, endpoint or candidate variant");
    }
    if (event.championVariant() == null
        || event.championVariant().equals(event.candidateVariant())) {
      return;
    }
    rollouts.start(
        new Rollout(
            event.rolloutId(),
            event.team(),
            event.endpoint(),
            event.modelGroup(),
            event.candidateVariant(),
            event.candidateVersion(),
            event.championVariant(),
            event.championVersion()),
        clock.instant());
  }

  @Transactional
  public void completed(RolloutCompleted event) {
    if (event.rolloutId() != null) {
      rollouts.end(event.rolloutId());
    }
  }

  @Transactional
  public void rolledBack(RolledBack event) {
    if (event.rolloutId() != null) {
      rollouts.end(event.rolloutId());
    }
  }
}
