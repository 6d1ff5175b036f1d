package dev.aifactory.policy.admissions;

/** What the gateway asks before deploying a model version (POST /api/v1/admissions/deployment). */
public record DeploymentRequest(
    String endpoint,
    String modelGroup,
    Integer modelVersion,
    String instanceType,
    Integer instanceCount,
    Boolean publicEndpoint,
    Boolean trainedOnPii,
    String requestedBy) {}
