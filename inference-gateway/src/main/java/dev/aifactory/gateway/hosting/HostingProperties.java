package dev.aifactory.gateway.hosting;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SageMaker hosting worker.
 *
 * @param workerEnabled false leaves hostings where they are (another instance advances them)
 * @param pollInterval pause between ticks; each tick runs one step per due hosting (SageMaker takes
 *     minutes to create an endpoint, so polling faster only burns API quota)
 * @param timeout how long a hosting may stay CREATING before it is FAILED
 * @param lease how long a worker's claim on a hosting lasts; a crashed worker's claims lapse after
 *     it, so it must exceed the longest step (a few SageMaker calls, or routing)
 * @param batchSize most hostings claimed per tick
 */
@ConfigurationProperties("aifactory.gateway.hosting")
public record HostingProperties(
    @DefaultValue("true") boolean workerEnabled,
    @DefaultValue("15s") Duration pollInterval,
    @DefaultValue("60m") Duration timeout,
    @DefaultValue("5m") Duration lease,
    @DefaultValue("10") int batchSize) {}
