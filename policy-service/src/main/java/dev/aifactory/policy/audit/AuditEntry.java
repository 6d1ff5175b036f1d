package dev.aifactory.policy.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit record. {@code details} is canonical JSON text; {@code hash} covers {@code prevHash}
 * and every other field except {@code seq}, so changing any of them breaks the chain.
 */
public record AuditEntry(
    Long seq,
    UUID id,
    Instant at,
    String actor,
    String action,
    String subject,
    String team,
    String details,
    String prevHash,
    String hash) {}
