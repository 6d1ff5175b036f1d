package dev.aifactory.gateway.serving.sagemaker;

import dev.aifactory.gateway.serving.EndpointProvisioner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * SageMaker hosting: {@code CreateModel} per variant (an existing model of that name is reused),
 * {@code CreateEndpointConfig} with the production variants under a new name (configurations are
 * immutable), then {@code CreateEndpoint} or {@code UpdateEndpoint}, and {@code DescribeEndpoint}
 * until {@code InService}.
 */
public class SageMakerEndpointProvisioner implements EndpointProvisioner {

  private static final Logger log = LoggerFactory.getLogger(SageMakerEndpointProvisioner.class);

  private final SageMakerClient sagemaker;
  private final Duration pollInterval;

  public SageMakerEndpointProvisioner(SageMakerClient sagemaker, Duration pollInterval) {
    this.sagemaker = sagemaker;
    this.pollInterval = pollInterval;
  }

  @Override
  public Provisioned provision(EndpointSpec spec, Duration timeout) {
    for (VariantSpec v : spec.variants()) {
      createModelUnlessPresent(v);
    }
    String configName = spec.name() + "-" + Instant.now().toEpochMilli();
    List<ProductionVariant> variants =
        spec.variants().stream()
            .map(
                v ->
                    ProductionVariant.builder()
                        .variantName(v.variantName())
                        .modelName(v.modelName())
                        .instanceType(v.instanceType())
                        .initialInstanceCount(v.initialInstanceCount())
                        .initialVariantWeight(v.initialWeight())
                        .build())
            .toList();
    sagemaker.createEndpointConfig(
        r -> r.endpointConfigName(configName).productionVariants(variants));
    if (exists(spec.name())) {
      sagemaker.updateEndpoint(r -> r.endpointName(spec.name()).endpointConfigName(configName));
      log.info("Updating SageMaker endpoint {} to configuration {}", spec.name(), configName);
    } else {
      sagemaker.createEndpoint(r -> r.endpointName(spec.name()).endpointConfigName(configName));
      log.info("Creating SageMaker endpoint {} with configuration {}", spec.name(), configName);
    }
    return awaitInService(spec.name(), configName, timeout);
  }

  private void createModelUnlessPresent(VariantSpec v) {
    try {
      sagemaker.describeModel(r -> r.modelName(v.modelName()));
      return;
    } catch (SageMakerException notFound) {
      if (notFound.statusCode() != 400) {
        throw notFound;
      }
    }
    sagemaker.createModel(
        r ->
            r.modelName(v.modelName())
                .executionRoleArn(v.executionRoleArn())
                .primaryContainer(
                    ContainerDefinition.builder()
                        .image(v.image())
                        .modelDataUrl(v.modelDataUrl())
                        .build()));
  }

  private boolean exists(String endpoint) {
    try {
      sagemaker.describeEndpoint(r -> r.endpointName(endpoint));
      return true;
    } catch (SageMakerException e) {
      if (e.statusCode() == 400) {
        return false;
      }
      throw e;
    }
  }

  private Provisioned awaitInService(String endpoint, String configName, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      DescribeEndpointResponse d = sagemaker.describeEndpoint(r -> r.endpointName(endpoint));
      EndpointStatus status = d.endpointStatus();
      if (status == EndpointStatus.IN_SERVICE) {
        return new Provisioned(endpoint, d.endpointArn(), configName, status.toString());
      }
      if (status == EndpointStatus.FAILED) {
        throw new IllegalStateException(
            "SageMaker endpoint " + endpoint + " failed: " + d.failureReason());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "SageMaker endpoint "
                + endpoint
                + " is still "
                + status
                + " after "
                + timeout.toSeconds()
                + " s");
      }
      try {
        // Endpoint creation takes minutes on AWS; polling faster only burns API quota.
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + endpoint, e);
      }
    }
  }
}
