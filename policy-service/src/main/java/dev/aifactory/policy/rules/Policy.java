package dev.aifactory.policy.rules;

import java.time.Instant;

/** One version of a named CEL policy. A change is a new version; versions are never edited. */
public record Policy(
    String name,
    int version,
    AttachmentPoint attachmentPoint,
    String expression,
    String description,
    String createdBy,
    Instant createdAt) {}
