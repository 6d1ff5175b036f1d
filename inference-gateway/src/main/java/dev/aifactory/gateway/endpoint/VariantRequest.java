package dev.aifactory.gateway.endpoint;

/**
 * One variant a caller wants on an endpoint: a version of the endpoint's group and its weight, or,
 * with {@code shadowSampleRate}, a shadow getting copies of that share of the requests. {@code
 * backend} is {@code local} (default: the gateway loads the version's artifact) or {@code oip} with
 * the {@code url} of the model on an Open Inference Protocol v2 server.
 */
public record VariantRequest(
    String variant,
    Integer version,
    Double weight,
    Double shadowSampleRate,
    String backend,
    String url) {

  public VariantRequest(String variant, Integer version, Double weight) {
    this(variant, version, weight, null, null, null);
  }
}
