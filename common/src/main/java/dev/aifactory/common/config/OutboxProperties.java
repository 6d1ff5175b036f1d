package dev.aifactory.common.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay and retention settings. Sent outbox rows are kept for {@code retention}; inbox rows
 * for {@code inboxRetention}, which must exceed how long Kafka may redeliver an event (the topics'
 * retention), or a very late redelivery would be processed twice.
 */
@ConfigurationProperties("aifactory.outbox")
public record OutboxProperties(
    @DefaultValue("100") int batchSize,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("14d") Duration inboxRetention) {}
