package dev.aifactory.gateway.serving;

import java.time.Duration;
import java.util.List;

/**
 * Creates or updates a hosted inference endpoint (SageMaker: models, an endpoint configuration with
 * production variants, the endpoint). {@link #start} and {@link #status} let a worker advance a
 * provisioning one short call at a time; {@link #provision} does it all and waits until it serves.
 */
public interface EndpointProvisioner {

  /** One production variant: a model (container image + artifact) on instances, with a weight. */
  record VariantSpec(
      String variantName,
      String modelName,
      String image,
      String modelDataUrl,
      String executionRoleArn,
      String instanceType,
      int initialInstanceCount,
      float initialWeight) {}

  record EndpointSpec(String name, List<VariantSpec> variants) {}

  /** What the endpoint looks like once it serves (or failed). */
  record Provisioned(String name, String arn, String configName, String status) {}

  /**
   * The endpoint as last described: {@code exists} false when there is none of that name; {@code
   * status} is the provider's own word ({@code Creating}, {@code InService}, {@code Failed}, ...);
   * {@code configName} the configuration it runs or is moving to; {@code failureReason} what the
   * provider says went wrong (null if nothing).
   */
  record Status(
      String name,
      boolean exists,
      String arn,
      String configName,
      String status,
      String failureReason) {

    public static final String IN_SERVICE = "InService";
    public static final String FAILED = "Failed";

    public boolean inService() {
      return IN_SERVICE.equals(status);
    }

    public boolean failed() {
      return FAILED.equals(status);
    }
  }

  /**
   * The provider refused the request itself (an unknown image, role or instance type, a quota):
   * trying again as it is will not help. Unreachable providers and throttling throw other
   * exceptions.
   */
  class Refused extends RuntimeException {
    public Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Creates the variants' models (reusing existing ones of the same name), the configuration {@code
   * configName} (unless it exists) and creates the endpoint or points it at that configuration
   * (unless it already runs or moves to it), then returns without waiting. Calling it again with
   * the same arguments after a crash does not start a second update.
   *
   * @throws Refused when the provider refuses the request as it is
   */
  Status start(EndpointSpec spec, String configName);

  /** One look at the endpoint (no waiting). */
  Status status(String name);

  /**
   * Deletes the endpoint (unless {@code name} is null: it runs another configuration and stays),
   * the configuration {@code configName} and the models {@code modelNames} (what {@link #start}
   * created), without waiting for the endpoint to be gone. What no longer exists is skipped, so
   * calling it again after a crash finishes the job.
   */
  void delete(String name, String configName, List<String> modelNames);

  /**
   * Creates the endpoint, or points an existing one at a new configuration, then waits up to {@code
   * timeout} for it to be in service; a failed endpoint throws with its failure reason.
   */
  Provisioned provision(EndpointSpec spec, Duration timeout);
}
