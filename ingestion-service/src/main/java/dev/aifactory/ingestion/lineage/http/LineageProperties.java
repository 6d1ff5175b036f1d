package dev.aifactory.ingestion.lineage.http;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OpenLineage HTTP transport; disabled unless {@code url} is set.
 *
 * @param url the endpoint run events are POSTed to (e.g. Marquez {@code /api/v1/lineage})
 * @param namespace the job namespace and the prefix of the output datasets' namespace
 * @param timeout connect and request timeout of each POST
 * @param queueCapacity events waiting to be sent; beyond it new events are dropped (and counted)
 */
@ConfigurationProperties("aifactory.ingestion.lineage")
record LineageProperties(
    URI url,
    @DefaultValue("aifactory") String namespace,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("1000") int queueCapacity) {}
