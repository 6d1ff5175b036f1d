package dev.aifactory.common.events;

import java.util.List;

/** Training-time reference for drift: one baseline per feature plus the prediction's. */
public record DriftBaseline(List<FeatureBaseline> features, FeatureBaseline prediction) {}
