package dev.aifactory.gateway.endpoint;

/** What a caller asks for when creating an endpoint; a null sample rate takes the default. */
public record NewEndpoint(String name, String modelGroup, Double captureSampleRate) {}
