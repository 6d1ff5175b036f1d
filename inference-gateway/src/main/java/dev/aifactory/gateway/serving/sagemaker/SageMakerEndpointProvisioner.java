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
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * SageMaker hosting: {@code CreateModel} per variant (an existing model of that name is reused),
 * {@code CreateEndpointConfig} with the production variants under a new name (configurations are
 * immutable), then {@code CreateEndpoint} or {@code UpdateEndpoint}, and {@code DescribeEndpoint}
 * until {@code InService}. {@link #start} and {@link #status} are the same steps without the wait,
 * for the hosting worker; {@link #provision} blocks.
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
    String configName = configName(spec.name(), Instant.now());
    start(spec, configName);
    return awaitInService(spec.name(), configName, timeout);
  }

  /**
   * A configuration name unique per start: configurations are immutable, so each change needs a new
   * one. The endpoint part is shortened so the whole stays within SageMaker's 63 characters.
   */
  private static String configName(String endpoint, Instant at) {
    String base = endpoint.length() > 48 ? endpoint.substring(0, 48) : endpoint;
    return base + "-" + at.toEpochMilli();
  }

  @Override
  public Status start(EndpointSpec spec, String configName) {
    try {
      return startOrThrow(spec, configName);
    } catch (SageMakerException e) {
      // SageMaker answers 400 for requests it will never accept as they are (validation, unknown
      // image or role, resource limits); anything else may pass and is tried again.
      if (e.statusCode() == 400 && !e.isThrottlingException()) {
        var details = e.awsErrorDetails();
        String message =
            details == null || details.errorMessage() == null
                ? e.getMessage()
                : details.errorCode() + ": " + details.errorMessage();
        throw new Refused(message, e);
      }
      throw e;
    }
  }

  private Status startOrThrow(EndpointSpec spec, String configName) {
    for (VariantSpec v : spec.variants()) {
      createModelUnlessPresent(v);
    }
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
    createConfigUnlessPresent(configName, variants);
    Status current = status(spec.name());
    if (!current.exists()) {
      sagemaker.createEndpoint(r -> r.endpointName(spec.name()).endpointConfigName(configName));
      log.info("Creating SageMaker endpoint {} with configuration {}", spec.name(), configName);
    } else if (!configName.equals(current.configName())) {
      sagemaker.updateEndpoint(r -> r.endpointName(spec.name()).endpointConfigName(configName));
      log.info("Updating SageMaker endpoint {} to configuration {}", spec.name(), configName);
    } else {
      // A repeated start (the worker crashed after the call): the endpoint already moves to it.
      log.info("SageMaker endpoint {} already runs configuration {}", spec.name(), configName);
    }
    return status(spec.name());
  }

  @Override
  public Status status(String name) {
    DescribeEndpointResponse d;
    try {
      d = sagemaker.describeEndpoint(r -> r.endpointName(name));
    } catch (SageMakerException e) {
      if (e.statusCode() == 400) {
        return new Status(name, false, null, null, null, null);
      }
      throw e;
    }
    return new Status(
        name,
        true,
        d.endpointArn(),
        d.endpointConfigName(),
        d.endpointStatusAsString(),
        d.failureReason());
  }

  @Override
  public void delete(String name, String configName, List<String> modelNames) {
    if (name != null) {
      unlessGone(() -> sagemaker.deleteEndpoint(r -> r.endpointName(name)));
    }
    unlessGone(() -> sagemaker.deleteEndpointConfig(r -> r.endpointConfigName(configName)));
    for (String model : modelNames) {
      unlessGone(() -> sagemaker.deleteModel(r -> r.modelName(model)));
    }
    log.info(
        "Deleting SageMaker endpoint {}, configuration {}, models {}",
        name,
        configName,
        modelNames);
  }

  /** Runs a delete call; SageMaker answers 400 ("Could not find ...") for what is already gone. */
  private static void unlessGone(Runnable delete) {
    try {
      delete.run();
    } catch (SageMakerException e) {
      if (e.statusCode() != 400) {
        throw e;
      }
    }
  }

  private void createConfigUnlessPresent(String configName, List<ProductionVariant> variants) {
    try {
      sagemaker.createEndpointConfig(
          r -> r.endpointConfigName(configName).productionVariants(variants));
    } catch (SageMakerException e) {
      // A repeated start finds the configuration it created before; anything else is a problem.
      String message = String.valueOf(e.getMessage());
      if (e.statusCode() != 400 || !message.toLowerCase(java.util.Locale.ROOT).contains("exist")) {
        throw e;
      }
    }
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

  private Provisioned awaitInService(String endpoint, String configName, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Status d = status(endpoint);
      String status = d.status();
      if (d.inService()) {
        return new Provisioned(endpoint, d.arn(), configName, status);
      }
      if (d.failed()) {
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
