package dev.aifactory.gateway.endpoint;

/**
 * What a caller asks for when creating an endpoint; a null sample rate takes the default, a null
 * {@code requestsPerSecond} means no quota.
 */
public record NewEndpoint(
    String name,
    String modelGroup,
    Double captureSampleRate,
    Double requestsPerSecond,
    Integer burst) {

  public NewEndpoint(String name, String modelGroup, Double captureSampleRate) {
    this(name, modelGroup, captureSampleRate, null, null);
  }
}
