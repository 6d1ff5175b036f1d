package dev.aifactory.common.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Outbox relay settings. */
@ConfigurationProperties("aifactory.outbox")
public record OutboxProperties(@DefaultValue("100") int batchSize) {}
