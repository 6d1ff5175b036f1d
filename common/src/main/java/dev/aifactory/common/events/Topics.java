package dev.aifactory.common.events;

import java.util.List;

/** Kafka topic names, one per domain. Dead-letter topics add {@link #DEAD_LETTER_SUFFIX}. */
public final class Topics {
  public static final String DATASETS = "aifactory.datasets";
  public static final String TRAINING = "aifactory.training";
  public static final String MODELS = "aifactory.models";
  public static final String ENDPOINTS = "aifactory.endpoints";
  public static final String INFERENCE_CAPTURES = "aifactory.inference-captures";
  public static final String MONITORING = "aifactory.monitoring";
  public static final String POLICY = "aifactory.policy";

  public static final String DEAD_LETTER_SUFFIX = ".dlt";

  public static final List<String> ALL =
      List.of(DATASETS, TRAINING, MODELS, ENDPOINTS, INFERENCE_CAPTURES, MONITORING, POLICY);

  private Topics() {}
}
