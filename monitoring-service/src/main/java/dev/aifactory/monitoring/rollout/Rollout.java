package dev.aifactory.monitoring.rollout;

/**
 * A rollout of an endpoint: the candidate variant (and version) under test and the champion it is
 * compared with. {@code championVersion} is null when the gateway did not name it; any version of
 * the champion variant then serves as the champion.
 */
public record Rollout(
    String rolloutId,
    String team,
    String endpoint,
    String modelGroup,
    String candidateVariant,
    int candidateVersion,
    String championVariant,
    Integer championVersion) {}
