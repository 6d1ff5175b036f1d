package dev.aifactory.gateway.hosting;

/**
 * One production variant of a SageMaker hosting: which version of the endpoint's model group it
 * serves, the container {@code image} and {@code modelDataUrl} (the model artifact in S3) SageMaker
 * runs under {@code executionRoleArn}, on {@code instanceCount} instances of {@code instanceType},
 * with a relative {@code weight} (SageMaker's own: weights need not sum to 1).
 */
public record HostingVariant(
    String variant,
    Integer version,
    String image,
    String modelDataUrl,
    String executionRoleArn,
    String instanceType,
    Integer instanceCount,
    Double weight) {}
