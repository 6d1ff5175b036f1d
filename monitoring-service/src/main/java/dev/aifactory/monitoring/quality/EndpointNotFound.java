package dev.aifactory.monitoring.quality;

/** The caller's team has no endpoint of that name here (another team's counts as none). */
public class EndpointNotFound extends RuntimeException {

  private final String endpoint;

  public EndpointNotFound(String endpoint) {
    super("Endpoint '" + endpoint + "' was not found");
    this.endpoint = endpoint;
  }

  public String endpoint() {
    return endpoint;
  }
}
