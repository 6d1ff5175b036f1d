package dev.aifactory.monitoring.window;

import java.time.Instant;

/** Identity of a tumbling window: one per team, endpoint, variant, model version and start. */
public record WindowKey(
    String team,
    String endpoint,
    String variant,
    String modelGroup,
    int version,
    Instant from,
    Instant to) {}
