package dev.aifactory.monitoring.quality;

import java.time.Instant;
import java.util.UUID;

/** The window a quality result belongs to (one model version on one endpoint variant). */
public record QualityWindow(
    UUID windowId,
    String team,
    String endpoint,
    String variant,
    String modelGroup,
    int version,
    Instant from,
    Instant to) {}
