package dev.aifactory.common.events;

import java.util.List;
import java.util.Map;

/**
 * Reference statistics of one feature (or of the prediction) on the training data, against which
 * monitoring measures drift. Numeric: {@code binEdges} (n+1 ascending edges, the outer ones
 * open-ended in use), {@code binFractions} (n values summing to 1), and a uniform {@code sample} of
 * raw values for two-sample tests. Categorical: {@code categoryFrequencies} (fractions summing to
 * 1).
 */
public record FeatureBaseline(
    String name,
    String type,
    long count,
    double mean,
    double std,
    List<Double> binEdges,
    List<Double> binFractions,
    List<Double> sample,
    Map<String, Double> categoryFrequencies) {}
