package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.gateway.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** Request-rate quotas: per endpoint (set through the API) and per team (configured). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaIT extends GatewayItSupport {

  /** Configured in the test config/application.yml: 0.5 requests per second, burst 1. */
  static final String METERED_TEAM = "metered";

  @TempDir static Path dir;
  private TrainedModel model;

  @BeforeAll
  void trainModel() {
    model = TrainedModel.train(dir, 5);
  }

  @Test
  void answersTooManyRequestsWithRetryAfterOnceTheEndpointQuotaIsUsedUp() throws Exception {
    String endpoint = unique("quota");
    String group = unique("quota-model");
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of(
                            "name",
                            endpoint,
                            "modelGroup",
                            group,
                            "captureSampleRate",
                            0.0,
                            "requestsPerSecond",
                            0.5,
                            "burst",
                            2))))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.requestsPerSecond").value(0.5))
        .andExpect(jsonPath("$.burst").value(2));
    publish(UUID.randomUUID().toString(), champion(group, 1, null, model));
    awaitDeployedVersion(endpoint, 1);

    invoke(endpoint, VIEWER).andExpect(status().isOk());
    invoke(endpoint, VIEWER).andExpect(status().isOk());
    invoke(endpoint, VIEWER)
        .andExpect(status().isTooManyRequests())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/rate-limited"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("0.5 requests per second")))
        .andExpect(header().string("Retry-After", Matchers.matchesRegex("[1-9][0-9]*")));
    // The OIP path shares the quota and answers the same way.
    mvc.perform(
            post("/v2/models/" + endpoint + "/infer")
                .header("Authorization", VIEWER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of(
                            "inputs",
                            List.of(
                                Map.of(
                                    "name",
                                    "input-0",
                                    "datatype",
                                    "FP64",
                                    "shape",
                                    List.of(1, 3),
                                    "data",
                                    ROWS.get(0)))))))
        .andExpect(status().isTooManyRequests())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().exists("Retry-After"));

    // Raising the quota applies at once; removing it lifts the limit.
    setQuota(endpoint, ENGINEER, "{\"requestsPerSecond\": 1000, \"burst\": 1000}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.requestsPerSecond").value(1000.0));
    invoke(endpoint, VIEWER).andExpect(status().isOk());
    setQuota(endpoint, ENGINEER, "{\"requestsPerSecond\": null}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.requestsPerSecond").doesNotExist());
    for (int i = 0; i < 5; i++) {
      invoke(endpoint, VIEWER).andExpect(status().isOk());
    }
  }

  @Test
  void appliesTheConfiguredTeamQuotaAcrossTheTeamsEndpoints() throws Exception {
    String engineer = TestJwts.bearer("mo", METERED_TEAM, "ml-engineer");
    String endpoint = unique("metered");
    String group = unique("metered-model");
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", engineer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    json.writeValueAsString(
                        Map.of("name", endpoint, "modelGroup", group, "captureSampleRate", 0.0))))
        .andExpect(status().isCreated());
    ModelAliasMoved moved =
        new ModelAliasMoved(
            METERED_TEAM,
            group,
            ModelAliasMoved.CHAMPION,
            null,
            1,
            model.uri(),
            "binary",
            TrainedModel.SCHEMA,
            Map.of("auc", 0.9));
    publish(UUID.randomUUID().toString(), moved);
    awaitDeployedVersion(endpoint, 1);

    invoke(endpoint, engineer).andExpect(status().isOk());
    invoke(endpoint, engineer)
        .andExpect(status().isTooManyRequests())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("Team 'metered'")))
        .andExpect(header().exists("Retry-After"));
  }

  @Test
  void rejectsAnInvalidQuotaNamingTheFieldAndChangesNothing() throws Exception {
    String endpoint = unique("bad-quota");
    createEndpoint(endpoint, unique("g"), 0.0);

    setQuota(endpoint, ENGINEER, "{\"requestsPerSecond\": -1}")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("requestsPerSecond"));
    setQuota(endpoint, ENGINEER, "{\"requestsPerSecond\": 10, \"burst\": 0}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("burst"));
    setQuota(endpoint, ENGINEER, "{\"burst\": 5}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("burst"));
    mvc.perform(get("/api/v1/endpoints/" + endpoint).header("Authorization", VIEWER))
        .andExpect(jsonPath("$.requestsPerSecond").doesNotExist());
    assertThat(hasNoQuotaInTheDatabase(endpoint)).isTrue();

    String name = unique("bad-create");
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"name\":\"" + name + "\",\"modelGroup\":\"g\",\"requestsPerSecond\":0}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("requestsPerSecond"));
    assertThat(
            jdbc.sql("select count(*) from endpoints where name = :n")
                .param("n", name)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void onlyTheOwningTeamsEngineersChangeAQuota() throws Exception {
    String endpoint = unique("owned-quota");
    createEndpoint(endpoint, unique("g"), 0.0);

    setQuota(endpoint, VIEWER, "{\"requestsPerSecond\": 1}")
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    setQuota(endpoint, OUTSIDER, "{\"requestsPerSecond\": 1}")
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(hasNoQuotaInTheDatabase(endpoint)).isTrue();
  }

  private ResultActions invoke(String endpoint, String token) throws Exception {
    return mvc.perform(
        post("/endpoints/" + endpoint + "/invocations")
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(ROWS)));
  }

  private ResultActions setQuota(String endpoint, String token, String body) throws Exception {
    return mvc.perform(
        put("/api/v1/endpoints/" + endpoint + "/quota")
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private boolean hasNoQuotaInTheDatabase(String endpoint) {
    return jdbc.sql(
            "select requests_per_second is null and burst is null from endpoints where name = :n")
        .param("n", endpoint)
        .query(Boolean.class)
        .single();
  }
}
