package dev.aifactory.policy.deadletters;

import java.time.Instant;
import java.util.UUID;

/**
 * A record some consumer could not process, as parked on {@code <topic>.dlt}: where it came from
 * ({@code topic}, {@code partition}, {@code offset}, {@code messageKey}), which event it carried,
 * which consumer group gave up on it and why. {@code team} is read from the payload (null when it
 * is not JSON).
 */
public record DeadLetter(
    UUID id,
    String dltTopic,
    int dltPartition,
    long dltOffset,
    long dltTimestamp,
    String topic,
    Integer partition,
    Long offset,
    String messageKey,
    String eventId,
    String eventType,
    String team,
    String consumerGroup,
    String error,
    String payload,
    Instant recordedAt,
    Instant replayedAt,
    String replayedBy) {}
