package dev.aifactory.ingestion.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** OpenLineage run events for registrations, read back from a WireMock endpoint. */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class LineageIT extends IngestionTestSupport {

  static final WireMockServer endpoint = new WireMockServer(options().dynamicPort());

  static {
    endpoint.start();
  }

  @DynamicPropertySource
  static void lineage(DynamicPropertyRegistry registry) {
    registry.add("aifactory.ingestion.lineage.url", () -> endpoint.baseUrl() + "/api/v1/lineage");
    registry.add("aifactory.ingestion.lineage.timeout", () -> "2s");
  }

  @AfterAll
  static void stop() {
    endpoint.stop();
  }

  @BeforeEach
  void accept() {
    endpoint.resetAll();
    endpoint.stubFor(post(urlEqualTo("/api/v1/lineage")).willReturn(aResponse().withStatus(201)));
  }

  /** The events of one dataset's runs, in the order they arrived. */
  List<JsonNode> events(String datasetName, int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsFor(datasetName).size() >= count);
    return eventsFor(datasetName);
  }

  List<JsonNode> eventsFor(String datasetName) {
    return endpoint.findAll(postRequestedFor(urlEqualTo("/api/v1/lineage"))).stream()
        .map(r -> json.readTree(r.getBodyAsString()))
        .filter(e -> e.get("job").get("name").asString().endsWith("." + datasetName))
        .toList();
  }

  String nameOf(String id) {
    return jdbc.sql("select name from datasets where id = cast(:id as uuid)")
        .param("id", id)
        .query(String.class)
        .single();
  }

  @Test
  void sendsStartAndCompleteWithTheSchemaOfInputAndOutput() throws Exception {
    String id = createDataset(null);
    String name = nameOf(id);

    upload(id, "age,plan\n34,free\n51,pro\n").andExpect(status().isCreated());

    List<JsonNode> events = events(name, 2);
    assertThat(events)
        .extracting(e -> e.get("eventType").asString())
        .containsExactly("START", "COMPLETE");
    JsonNode start = events.get(0);
    JsonNode complete = events.get(1);
    String runId = start.get("run").get("runId").asString();
    assertThat(UUID.fromString(runId)).isNotNull();
    assertThat(complete.get("run").get("runId").asString()).isEqualTo(runId);
    assertThat(complete.get("schemaURL").asString()).contains("openlineage.io/spec/");
    assertThat(complete.get("producer").asString()).isNotBlank();
    assertThat(complete.get("eventTime").asString()).isNotBlank();
    assertThat(complete.get("job").get("namespace").asString()).isEqualTo("aifactory");
    assertThat(complete.get("job").get("name").asString())
        .isEqualTo("ingestion.register." + team + "." + name);

    JsonNode input = complete.get("inputs").get(0);
    assertThat(input.get("namespace").asString()).isEqualTo("aifactory://uploads");
    assertThat(input.get("facets").get("schema").get("fields").get(0).get("name").asString())
        .isEqualTo("age");
    JsonNode output = complete.get("outputs").get(0);
    assertThat(output.get("namespace").asString()).isEqualTo("aifactory://datasets/" + team);
    assertThat(output.get("name").asString()).isEqualTo(name);
    JsonNode schema = output.get("facets").get("schema");
    assertThat(schema.get("_schemaURL").asString()).contains("SchemaDatasetFacet");
    assertThat(schema.get("fields"))
        .extracting(f -> f.get("name").asString() + ":" + f.get("type").asString())
        .containsExactly("age:numeric", "plan:categorical");
    assertThat(output.get("facets").get("version").get("datasetVersion").asString()).isEqualTo("1");
    assertThat(start.get("outputs")).isEmpty();
  }

  @Test
  void sendsFailWithTheErrorWhenARegistrationIsRefused() throws Exception {
    String id = createDataset(null);
    String name = nameOf(id);

    upload(id, "a,b\n1,2\n3\n").andExpect(status().isBadRequest());

    List<JsonNode> events = events(name, 2);
    assertThat(events)
        .extracting(e -> e.get("eventType").asString())
        .containsExactly("START", "FAIL");
    assertThat(events.get(1).get("run").get("facets").get("errorMessage").get("message").asString())
        .contains("Line 3");
  }

  @Test
  void aFailingLineageEndpointNeverFailsARegistration() throws Exception {
    endpoint.resetAll();
    endpoint.stubFor(post(urlEqualTo("/api/v1/lineage")).willReturn(aResponse().withStatus(503)));
    String id = createDataset(null);
    String name = nameOf(id);

    upload(id, "age\n1\n").andExpect(status().isCreated());

    assertThat(events(name, 2)).hasSize(2);
    assertThat(versions(id)).isEqualTo(1);
    endpoint.resetAll();
    endpoint.stubFor(
        post(urlEqualTo("/api/v1/lineage"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    upload(id, "age\n2\n").andExpect(status().isCreated());

    assertThat(versions(id)).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> endpoint.findAll(postRequestedFor(urlEqualTo("/api/v1/lineage"))).size() >= 2);
  }
}
