package dev.aifactory.ingestion.grants;

/** The outcome of an access check that passed: the grant that allows it. */
public record AccessDecision(
    String principal, Permission permission, String dataset, int version, Grant grantedBy) {}
