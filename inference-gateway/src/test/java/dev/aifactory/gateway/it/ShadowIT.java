package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.InferenceCaptured;
import dev.aifactory.common.events.RolloutAdvanceRequested;
import dev.aifactory.common.events.Topics;
import dev.aifactory.gateway.TrainedModel;
import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Shadow variants: copies of requests, compared with the primary, never in the primary's way. */
class ShadowIT extends GatewayItSupport {

  @TempDir Path dir;
  @Autowired ModelBackend backend;
  @Autowired MeterRegistry meters;
  private String endpoint;
  private String group;
  private TrainedModel v2;

  /** An endpoint capturing every request, serving champion v1, with v2 registered. */
  @BeforeEach
  void endpointServingV1WithV2Registered() throws Exception {
    endpoint = unique("shadow");
    group = unique("shadow-model");
    createEndpoint(endpoint, group, 1.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, TrainedModel.train(dir, 5)));
    awaitDeployedVersion(endpoint, 1);
    v2 = TrainedModel.train(dir, 25);
    register(group, 2, v2);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from model_versions where model_group = :g and"
                                + " version = 2")
                        .param("g", group)
                        .query(Integer.class)
                        .single()
                    == 1);
  }

  @Test
  void shadowGetsCopiesComparedWithThePrimaryAndOnTheCapturedRecords() throws Exception {
    shadowV2(1.0);
    for (int i = 0; i < 10; i++) {
      invoke().andExpect(header().string("X-Amzn-Invoked-Production-Variant", "primary"));
    }

    JsonNode report = awaitShadow(r -> r.get("answered").asLong() == 10);
    assertThat(report.get("variant").asString()).isEqualTo("mirror");
    assertThat(report.get("version").asInt()).isEqualTo(2);
    assertThat(report.get("mirrored").asLong()).isEqualTo(10);
    assertThat(report.get("rows").asLong()).isEqualTo(30);
    assertThat(report.get("errors").asLong()).isZero();
    assertThat(report.get("agreement").asDouble()).isBetween(0.0, 1.0);
    assertThat(report.get("meanAbsoluteDifference").asDouble()).isGreaterThan(0.0);
    assertThat(
            meters
                .get("aifactory.gateway.shadow.requests")
                .tag("endpoint", endpoint)
                .tag("variant", "mirror")
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum())
        .isEqualTo(10.0);

    List<CapturedInference> captured = captured(30);
    assertThat(captured).allSatisfy(c -> assertThat(c.variant()).isEqualTo("primary"));
    assertThat(captured).allSatisfy(c -> assertThat(c.sampleRate()).isEqualTo(1.0));
    assertThat(captured)
        .allSatisfy(
            c -> {
              assertThat(c.shadow()).isNotNull();
              assertThat(c.shadow().variant()).isEqualTo("mirror");
              assertThat(c.shadow().version()).isEqualTo(2);
              assertThat(c.shadow().prediction()).isBetween(0.0, 1.0);
              assertThat(c.shadow().error()).isNull();
            });
    // The trained v2 scores rows differently from v1: the capture shows both.
    assertThat(captured)
        .anySatisfy(c -> assertThat(c.shadow().prediction()).isNotEqualTo(c.prediction()));
  }

  @Test
  void aFailingShadowNeverFailsThePrimary() throws Exception {
    shadowV2(1.0);
    // The shadow's artifact disappears: every copy fails to load it.
    backend.unload(new ModelKey(TEAM, group, 2));
    Files.delete(v2.path());
    for (int i = 0; i < 10; i++) {
      invoke();
    }
    JsonNode report = awaitShadow(r -> r.get("errors").asLong() == 10);
    assertThat(report.get("answered").asLong()).isZero();
    List<CapturedInference> captured = captured(30);
    assertThat(captured)
        .allSatisfy(
            c -> {
              assertThat(c.prediction()).isNotNull();
              assertThat(c.shadow().prediction()).isNull();
              assertThat(c.shadow().error()).isNotBlank();
            });
  }

  @Test
  void shadowRolloutCopiesTrafficFirstThenTakesOver() throws Exception {
    String response =
        mvc.perform(
                post("/api/v1/endpoints/" + endpoint + "/rollouts")
                    .header("Authorization", ENGINEER)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(
                        "{\"modelGroup\": \""
                            + group
                            + "\", \"version\": 2, \"strategy\": \"shadow\", \"bakeSeconds\": 0,"
                            + " \"shadowSampleRate\": 1.0}"))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.candidateWeight").value(0))
            .andExpect(jsonPath("$.shadowSampleRate").value(1.0))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String id = json.readTree(response).get("id").asString();
    for (int i = 0; i < 5; i++) {
      invoke().andExpect(header().string("X-Amzn-Invoked-Production-Variant", "primary"));
    }
    awaitShadow(
        r -> r.get("variant").asString().equals("candidate") && r.get("answered").asLong() == 5);

    publish(
        UUID.randomUUID().toString(),
        new RolloutAdvanceRequested(TEAM, endpoint, id, 0, "agreeing", List.of("agreement 0.97")),
        "/policy-service");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                routes.find(endpoint).orElseThrow().deployments().stream()
                    .anyMatch(d -> d.variant().equals("candidate") && d.weight() == 1.0));
    invoke().andExpect(header().string("X-Amzn-Invoked-Production-Variant", "candidate"));
  }

  @Test
  void rejectsBadShadowVariantsNamingTheField() throws Exception {
    setDeployments(
            "{\"deployments\": [{\"variant\": \"primary\", \"version\": 1, \"weight\": 1},"
                + " {\"variant\": \"mirror\", \"version\": 2, \"shadowSampleRate\": 1.5}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("deployments[1].shadowSampleRate"));
    setDeployments(
            "{\"deployments\": [{\"variant\": \"primary\", \"version\": 1, \"weight\": 1},"
                + " {\"variant\": \"mirror\", \"version\": 2, \"weight\": 0.5,"
                + " \"shadowSampleRate\": 0.5}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("deployments[1].weight"));
    assertThat(routes.find(endpoint).orElseThrow().deployments()).hasSize(1);
  }

  private void shadowV2(double rate) throws Exception {
    setDeployments(
            "{\"deployments\": [{\"variant\": \"primary\", \"version\": 1, \"weight\": 1},"
                + " {\"variant\": \"mirror\", \"version\": 2, \"shadowSampleRate\": "
                + rate
                + "}]}")
        .andExpect(status().isOk())
        .andExpect(
            jsonPath("$.deployments[?(@.variant == 'mirror')].shadowSampleRate").value(rate));
  }

  private org.springframework.test.web.servlet.ResultActions setDeployments(String body)
      throws Exception {
    return mvc.perform(
        put("/api/v1/endpoints/" + endpoint + "/deployments")
            .header("Authorization", ENGINEER)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private org.springframework.test.web.servlet.ResultActions invoke() throws Exception {
    return mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .header("Authorization", VIEWER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)))
        .andExpect(status().isOk());
  }

  private JsonNode awaitShadow(java.util.function.Predicate<JsonNode> done) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode view =
                  json.readTree(
                      mvc.perform(
                              get("/api/v1/endpoints/" + endpoint + "/shadow")
                                  .header("Authorization", VIEWER))
                          .andExpect(status().isOk())
                          .andReturn()
                          .getResponse()
                          .getContentAsString());
              if (view.get("shadows").isEmpty()) {
                return false;
              }
              last[0] = view.get("shadows").get(0);
              return done.test(last[0]);
            });
    return last[0];
  }

  private List<CapturedInference> captured(int rows) {
    List<CapturedInference> captured = new ArrayList<>();
    consume(
        Topics.INFERENCE_CAPTURES,
        endpoint,
        found -> {
          captured.clear();
          found.forEach(
              r -> captured.addAll(json.readValue(r.value(), InferenceCaptured.class).records()));
          return captured.size() >= rows;
        });
    return captured;
  }
}
