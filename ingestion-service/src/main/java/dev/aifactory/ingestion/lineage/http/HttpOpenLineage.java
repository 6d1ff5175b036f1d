package dev.aifactory.ingestion.lineage.http;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.DatasetVersion;
import dev.aifactory.ingestion.dataset.RegistrationLineage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends OpenLineage run events (START, COMPLETE, FAIL) for each registration to an HTTP endpoint
 * such as Marquez. Plain JSON over {@link HttpClient}: the {@code openlineage-java} client does not
 * resolve from the registry these machines use, and the event is a small documented shape (spec
 * 2-0-2, schema facet 1-1-1). One sender thread with a bounded queue sends the events in order; a
 * slow, failing or absent endpoint only costs dropped events (logged and counted in {@code
 * aifactory.ingestion.lineage.events{outcome}}), never a registration.
 */
@Component
@ConditionalOnProperty(name = "aifactory.ingestion.lineage.url")
class HttpOpenLineage implements RegistrationLineage, DisposableBean {

  static final String PRODUCER =
      "https://github.com/aifactory/aifactory/tree/main/ingestion-service";
  static final String RUN_EVENT_SCHEMA =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String SCHEMA_FACET =
      "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
  static final String VERSION_FACET =
      "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet";
  static final String ERROR_FACET =
      "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";

  private static final Logger log = LoggerFactory.getLogger(HttpOpenLineage.class);

  private final LineageProperties properties;
  private final JsonMapper json;
  private final MeterRegistry meters;
  private final HttpClient http;
  private final ThreadPoolExecutor sender;

  HttpOpenLineage(LineageProperties properties, JsonMapper json, MeterRegistry meters) {
    this.properties = properties;
    this.json = json;
    this.meters = meters;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(properties.queueCapacity()),
            r -> {
              Thread t = new Thread(r, "openlineage-sender");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void started(Run run) {
    send(event("START", run, run.startedAt(), List.of(input(run, null)), List.of(), null));
  }

  @Override
  public void completed(Run run, DatasetVersion version) {
    send(
        event(
            "COMPLETE",
            run,
            Instant.now(),
            List.of(input(run, version.columns())),
            List.of(output(run, version)),
            null));
  }

  @Override
  public void failed(Run run, String error) {
    send(event("FAIL", run, Instant.now(), List.of(input(run, null)), List.of(), error));
  }

  private Map<String, Object> event(
      String type,
      Run run,
      Instant time,
      List<Map<String, Object>> inputs,
      List<Map<String, Object>> outputs,
      String error) {
    Map<String, Object> runNode = new LinkedHashMap<>();
    runNode.put("runId", run.runId().toString());
    if (error != null) {
      runNode.put(
          "facets",
          Map.of(
              "errorMessage",
              facet(ERROR_FACET, Map.of("message", error, "programmingLanguage", "JAVA"))));
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventType", type);
    event.put("eventTime", time.toString());
    event.put("producer", PRODUCER);
    event.put("schemaURL", RUN_EVENT_SCHEMA);
    event.put("run", runNode);
    event.put(
        "job",
        Map.of(
            "namespace",
            properties.namespace(),
            "name",
            "ingestion.register." + run.team() + "." + run.datasetName()));
    event.put("inputs", inputs);
    event.put("outputs", outputs);
    return event;
  }

  /** Where the bytes came from: an S3 object, a server-side file or an upload. */
  private Map<String, Object> input(Run run, List<ColumnProfile> columns) {
    String source = run.source() == null ? "upload" : run.source();
    String namespace;
    String name;
    if (source.startsWith("s3://")) {
      String rest = source.substring("s3://".length());
      int slash = rest.indexOf('/');
      namespace = "s3://" + (slash < 0 ? rest : rest.substring(0, slash));
      name = slash < 0 ? "" : rest.substring(slash + 1);
    } else if (source.startsWith("/")) {
      namespace = "file";
      name = source;
    } else {
      namespace = properties.namespace() + "://uploads";
      name = run.team() + "/" + run.datasetName() + "/" + run.runId();
    }
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("namespace", namespace);
    dataset.put("name", name);
    if (columns != null) {
      dataset.put("facets", Map.of("schema", schema(columns)));
    }
    return dataset;
  }

  private Map<String, Object> output(Run run, DatasetVersion version) {
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("namespace", properties.namespace() + "://datasets/" + run.team());
    dataset.put("name", run.datasetName());
    dataset.put(
        "facets",
        Map.of(
            "schema",
            schema(version.columns()),
            "version",
            facet(VERSION_FACET, Map.of("datasetVersion", String.valueOf(version.version())))));
    return dataset;
  }

  private static Map<String, Object> schema(List<ColumnProfile> columns) {
    return facet(
        SCHEMA_FACET,
        Map.of(
            "fields",
            columns.stream().map(c -> Map.of("name", c.name(), "type", c.type())).toList()));
  }

  private static Map<String, Object> facet(String schemaUrl, Map<String, Object> fields) {
    Map<String, Object> facet = new LinkedHashMap<>();
    facet.put("_producer", PRODUCER);
    facet.put("_schemaURL", schemaUrl);
    facet.putAll(fields);
    return facet;
  }

  private void send(Map<String, Object> event) {
    String type = (String) event.get("eventType");
    String body;
    try {
      body = json.writeValueAsString(event);
    } catch (RuntimeException e) {
      count(type, "failed");
      return;
    }
    try {
      sender.execute(() -> post(type, body));
    } catch (RejectedExecutionException e) {
      count(type, "dropped");
      log.warn("OpenLineage queue full ({}); dropped a {} event", properties.queueCapacity(), type);
    }
  }

  private void post(String type, String body) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(properties.url())
                  .timeout(properties.timeout())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        count(type, "sent");
      } else {
        count(type, "failed");
        log.warn("OpenLineage endpoint answered {} to a {} event", response.statusCode(), type);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      count(type, "failed");
      log.warn(
          "Could not send a {} OpenLineage event to {}: {}", type, properties.url(), e.toString());
    }
  }

  private void count(String type, String outcome) {
    Counter.builder("aifactory.ingestion.lineage.events")
        .tag("type", type)
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  /** Lets queued events go out for a moment at shutdown, then stops. */
  @Override
  public void destroy() throws InterruptedException {
    sender.shutdown();
    sender.awaitTermination(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
