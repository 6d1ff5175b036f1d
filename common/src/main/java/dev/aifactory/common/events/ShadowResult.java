package dev.aifactory.common.events;

/**
 * What a shadow deployment answered for a captured request: its prediction (null when it failed),
 * its latency and an error in words when it failed or timed out.
 */
public record ShadowResult(
    String variant, int version, Double prediction, double latencyMs, String error) {}
