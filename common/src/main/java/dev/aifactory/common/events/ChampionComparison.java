package dev.aifactory.common.events;

/**
 * A candidate variant's window compared with the champion's over the same time span, for the
 * rollout gate. Ratios are candidate / champion; {@code predictionAgreement} is the share of
 * shadowed requests where both gave the same class (or were within tolerance for regression), null
 * when no paired predictions exist; {@code predictionDistance} compares the two prediction
 * distributions (Jensen-Shannon for classes, normalised Wasserstein for scores).
 */
public record ChampionComparison(
    String championVariant,
    int championVersion,
    long championCount,
    double latencyP99Ratio,
    double errorRateDelta,
    Double predictionAgreement,
    Double predictionDistance) {}
