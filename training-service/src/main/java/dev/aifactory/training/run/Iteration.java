package dev.aifactory.training.run;

import java.util.Map;

/**
 * Evaluation after one boosting round: metric name as XGBoost reports it ({@code train-logloss},
 * {@code validation-rmse}, ...) to value. Round numbers start at 0.
 */
public record Iteration(int round, Map<String, Double> metrics) {}
