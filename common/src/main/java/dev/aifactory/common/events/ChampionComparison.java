package dev.aifactory.common.events;

/**
 * A candidate variant's window compared with the champion's over the same time span, for the
 * rollout gate. Ratios are candidate / champion; {@code predictionAgreement} is the share of
 * shadowed requests where both gave the same class (or were within tolerance for regression), null
 * when no paired predictions exist; {@code predictionDistance} compares the two prediction
 * distributions (Jensen-Shannon for classes, normalised Wasserstein for scores), and {@code
 * predictionDistancePValue} says how likely a distance at least that large is between two samples
 * of one distribution of these sizes (two-sample Kolmogorov-Smirnov for scores, chi-square
 * homogeneity for classes): a small window measures a large distance from sampling alone. Both are
 * null when either side has no predictions; the p-value is also null in events from monitoring
 * versions before it was added. {@code latencyP99PValue} does the same for the latency ratio: how
 * likely at least as many of the candidate's requests are slower than the champion's p99 if both
 * windows come from one latency distribution (an exact exceedance test; a p99 of a few dozen
 * requests is their slowest one, so one GC pause can triple it). Null in events from monitoring
 * versions before it was added.
 */
public record ChampionComparison(
    String championVariant,
    int championVersion,
    long championCount,
    double latencyP99Ratio,
    double errorRateDelta,
    Double predictionAgreement,
    Double predictionDistance,
    Double predictionDistancePValue,
    Double latencyP99PValue) {}
