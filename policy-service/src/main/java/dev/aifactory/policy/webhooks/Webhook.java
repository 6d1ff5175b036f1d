package dev.aifactory.policy.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A team's subscription: events of the listed types are POSTed to {@code url}, signed. */
public record Webhook(
    UUID id,
    String team,
    String url,
    List<String> events,
    String secret,
    boolean active,
    String createdBy,
    Instant createdAt) {}
