package dev.aifactory.common.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Partitions and replication of the platform topics, created at start-up if missing. */
@ConfigurationProperties("aifactory.kafka")
public record KafkaTopicsProperties(
    @DefaultValue("3") int partitions,
    @DefaultValue("1") short replicationFactor,
    @DefaultValue("3") int listenerAttempts) {}
