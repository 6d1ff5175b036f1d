package dev.aifactory.common.events;

/**
 * Binds a dataset to a model group: what to train on it. {@code objective} is {@code binary} or
 * {@code regression}; {@code autoTrain} asks policy to request training on each new version.
 */
public record TrainingBinding(
    String modelGroup, String target, String objective, boolean autoTrain) {}
