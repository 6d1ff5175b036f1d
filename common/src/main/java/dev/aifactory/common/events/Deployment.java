package dev.aifactory.common.events;

/** One variant of an endpoint: which model version serves which share of traffic. */
public record Deployment(
    String variant, String modelGroup, int version, String backend, double weight) {}
