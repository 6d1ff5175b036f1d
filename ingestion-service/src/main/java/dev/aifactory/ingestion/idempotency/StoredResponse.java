package dev.aifactory.ingestion.idempotency;

/** The response first given for an idempotency key, with the hash of the request that caused it. */
public record StoredResponse(String requestHash, int status, String location, String body) {}
