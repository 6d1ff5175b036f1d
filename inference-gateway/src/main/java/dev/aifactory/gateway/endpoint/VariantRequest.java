package dev.aifactory.gateway.endpoint;

/** One variant a caller wants on an endpoint: a version of the endpoint's group and its weight. */
public record VariantRequest(String variant, Integer version, Double weight) {}
