package dev.aifactory.policy.loop;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cooldowns fed to the policies as {@code cooldown_minutes}: how long after a data-triggered
 * (drift-triggered) training request another one may follow for the same model group. {@code
 * stateCooldown} is how long a loop stays cooling-down after a promotion, rollback or rejection;
 * {@code busyTimeout} how long a retraining/evaluating/awaiting-approval loop counts as busy (a
 * drift then requests no second run), so that a lost event cannot block the loop for good; {@code
 * tick} how often cooling-down loops are checked. {@code qualityCooldown} and {@code maxRunsPerDay}
 * feed the {@code retraining} policy (quality degradation and {@code schedules}).
 */
@ConfigurationProperties("aifactory.loop")
public record LoopProperties(
    @DefaultValue("60m") Duration dataCooldown,
    @DefaultValue("10m") Duration driftCooldown,
    @DefaultValue("10m") Duration stateCooldown,
    @DefaultValue("6h") Duration busyTimeout,
    @DefaultValue("5s") Duration tick,
    @DefaultValue("30m") Duration qualityCooldown,
    @DefaultValue("10") int maxRunsPerDay,
    List<Schedule> schedules) {

  public LoopProperties {
    schedules = schedules == null ? List.of() : List.copyOf(schedules);
  }

  /** Retrain the team's model group every {@code every} (evaluated at the retraining point). */
  public record Schedule(String team, String modelGroup, Duration every) {}
}
