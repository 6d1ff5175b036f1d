package dev.aifactory.gateway.hosting;

import java.util.List;

/**
 * What a caller asks for: the SageMaker endpoint to create or update ({@code sageMakerEndpoint},
 * null = the gateway endpoint's name), its variants, and whether the gateway endpoint's traffic
 * goes to it once it serves ({@code route}, null = yes).
 */
public record HostingRequest(
    String sageMakerEndpoint, Boolean route, List<HostingVariant> variants) {}
