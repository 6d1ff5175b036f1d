package dev.aifactory.common.events;

import java.util.List;

/**
 * One model input in training order. Categorical features are encoded as the index of the value in
 * {@code categories} (unknown values are missing); numeric features have no categories.
 */
public record FeatureSpec(String name, String type, List<String> categories) {}
