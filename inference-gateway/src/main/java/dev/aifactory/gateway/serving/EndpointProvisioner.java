package dev.aifactory.gateway.serving;

import java.time.Duration;
import java.util.List;

/**
 * Creates or updates a hosted inference endpoint (SageMaker: models, an endpoint configuration with
 * production variants, the endpoint) and waits until it serves.
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
   * Creates the endpoint, or points an existing one at a new configuration, then waits up to {@code
   * timeout} for it to be in service; a failed endpoint throws with its failure reason.
   */
  Provisioned provision(EndpointSpec spec, Duration timeout);
}
