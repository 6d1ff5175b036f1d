package dev.aifactory.policy.loop;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cooldowns fed to the policies as {@code cooldown_minutes}: how long after a data-triggered
 * (drift-triggered) training request another one may follow for the same model group.
 */
@ConfigurationProperties("aifactory.loop")
public record LoopProperties(
    @DefaultValue("60m") Duration dataCooldown, @DefaultValue("10m") Duration driftCooldown) {}
