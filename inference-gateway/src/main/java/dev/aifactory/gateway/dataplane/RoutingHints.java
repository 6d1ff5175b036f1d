package dev.aifactory.gateway.dataplane;

/**
 * What a request says about where it should go, all optional: a deployed {@code version} (OIP's
 * {@code /versions/{v}}), a {@code variant} by name (SageMaker's {@code TargetVariant}), and a
 * {@code key} for sticky routing (same key, same variant).
 */
public record RoutingHints(Integer version, String variant, String key) {

  public static RoutingHints none() {
    return new RoutingHints(null, null, null);
  }
}
