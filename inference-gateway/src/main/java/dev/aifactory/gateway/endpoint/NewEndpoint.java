package dev.aifactory.gateway.endpoint;

/**
 * What a caller asks for when creating an endpoint; a null sample rate takes the default, a null
 * {@code requestsPerSecond} means no quota, a null {@code championRollout} switches to a new
 * champion at once.
 */
public record NewEndpoint(
    String name,
    String modelGroup,
    Double captureSampleRate,
    Double requestsPerSecond,
    Integer burst,
    RolloutPlan championRollout,
    Boolean publicEndpoint) {

  public NewEndpoint(
      String name,
      String modelGroup,
      Double captureSampleRate,
      Double requestsPerSecond,
      Integer burst,
      RolloutPlan championRollout) {
    this(name, modelGroup, captureSampleRate, requestsPerSecond, burst, championRollout, null);
  }

  public NewEndpoint(
      String name,
      String modelGroup,
      Double captureSampleRate,
      Double requestsPerSecond,
      Integer burst) {
    this(name, modelGroup, captureSampleRate, requestsPerSecond, burst, null, null);
  }

  public NewEndpoint(String name, String modelGroup, Double captureSampleRate) {
    this(name, modelGroup, captureSampleRate, null, null, null, null);
  }
}
