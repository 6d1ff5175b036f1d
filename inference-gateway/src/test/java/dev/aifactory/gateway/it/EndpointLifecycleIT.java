package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.CloudEventHeaders;
import dev.aifactory.common.events.EndpointDeploymentUpdated;
import dev.aifactory.common.events.Topics;
import dev.aifactory.gateway.TrainedModel;
import dev.aifactory.gateway.endpoint.EndpointManagement;
import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class EndpointLifecycleIT extends GatewayItSupport {

  @TempDir Path dir;
  @Autowired ModelBackend backend;
  @Autowired EndpointManagement management;
  @Autowired MeterRegistry meters;

  @Test
  void switchesTheEndpointToEachNewChampionAndAnnouncesIt() throws Exception {
    String endpoint = unique("churn");
    String group = unique("churn-model");
    TrainedModel v1 = TrainedModel.train(dir, 5);
    TrainedModel v2 = TrainedModel.train(dir, 25);
    createEndpoint(endpoint, group, 0.0);

    mvc.perform(get("/api/v1/endpoints/" + endpoint).header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.modelGroup").value(group))
        .andExpect(jsonPath("$.deployments").isEmpty());
    mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .header("Authorization", VIEWER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("[[35, 60.0, \"pro\"]]"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://aifactory.dev/problems/not-deployed"))
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.containsString("no model deployed yet")));

    publish(UUID.randomUUID().toString(), champion(group, 1, null, v1));
    awaitDeployedVersion(endpoint, 1);
    mvc.perform(get("/api/v1/endpoints/" + endpoint).header("Authorization", VIEWER))
        .andExpect(jsonPath("$.deployments[0].variant").value("primary"))
        .andExpect(jsonPath("$.deployments[0].modelGroup").value(group))
        .andExpect(jsonPath("$.deployments[0].version").value(1))
        .andExpect(jsonPath("$.deployments[0].backend").value("local"))
        .andExpect(jsonPath("$.deployments[0].weight").value(1.0))
        .andExpect(jsonPath("$.updatedAt").exists());
    assertThat(backend.isLoaded(new ModelKey(TEAM, group, 1))).isTrue();

    publish(UUID.randomUUID().toString(), champion(group, 2, 1, v2));
    awaitDeployedVersion(endpoint, 2);
    mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .header("Authorization", VIEWER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Model-Version", "2"))
        .andExpect(jsonPath("$.predictions[0]").value(v2.predict(ENCODED)[0]));
    // The old version is unloaded once no deployment uses it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !backend.isLoaded(new ModelKey(TEAM, group, 1)));

    List<ConsumerRecord<String, String>> events =
        consume(Topics.ENDPOINTS, endpoint, found -> found.size() >= 2);
    assertThat(events)
        .allSatisfy(
            r -> {
              assertThat(ceHeader(r, CloudEventHeaders.TYPE))
                  .isEqualTo("dev.aifactory.endpoint.deployment-updated.v1");
              assertThat(ceHeader(r, CloudEventHeaders.SOURCE)).isEqualTo("/inference-gateway");
              assertThat(ceHeader(r, CloudEventHeaders.TEAM)).isEqualTo(TEAM);
            });
    List<Integer> versions =
        events.stream()
            .map(r -> json.readValue(r.value(), EndpointDeploymentUpdated.class))
            .map(e -> e.deployments().get(0).version())
            .toList();
    assertThat(versions).containsExactly(1, 2);
    EndpointDeploymentUpdated last =
        json.readValue(events.get(1).value(), EndpointDeploymentUpdated.class);
    assertThat(last.endpoint()).isEqualTo(endpoint);
    assertThat(last.deployments().get(0).modelGroup()).isEqualTo(group);
    assertThat(last.deployments().get(0).variant()).isEqualTo("primary");
    assertThat(last.deployments().get(0).weight()).isEqualTo(1.0);
  }

  @Test
  void aDuplicateAliasMovedEventHasNoSecondEffect() throws Exception {
    String endpoint = unique("dup");
    String group = unique("dup-model");
    TrainedModel v1 = TrainedModel.train(dir, 5);
    TrainedModel v2 = TrainedModel.train(dir, 25);
    createEndpoint(endpoint, group, 0.0);
    String first = publish(UUID.randomUUID().toString(), champion(group, 1, null, v1));
    awaitDeployedVersion(endpoint, 1);
    publish(UUID.randomUUID().toString(), champion(group, 2, 1, v2));
    awaitDeployedVersion(endpoint, 2);
    double duplicatesBefore = duplicates();

    publish(first, champion(group, 1, null, v1));

    await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
    assertThat(deployedVersion(endpoint)).contains(2);
    assertThat(
            jdbc.sql("select count(*) from outbox where message_key = :e")
                .param("e", endpoint)
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void deploysTheKnownChampionAtOnceWhenAnEndpointIsCreated() throws Exception {
    String group = unique("known");
    String probe = unique("probe");
    TrainedModel v3 = TrainedModel.train(dir, 10);
    createEndpoint(probe, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 3, 2, v3));
    awaitDeployedVersion(probe, 3);

    String endpoint = unique("late");
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + endpoint + "\",\"modelGroup\":\"" + group + "\"}"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/endpoints/" + endpoint))
        .andExpect(jsonPath("$.captureSampleRate").value(0.1))
        .andExpect(jsonPath("$.deployments[0].version").value(3));
    consume(Topics.ENDPOINTS, endpoint, found -> !found.isEmpty());
  }

  @Test
  void followsADeploymentSwitchMadeByAnotherGatewayInstance() throws Exception {
    String endpoint = unique("peer");
    String group = unique("peer-model");
    TrainedModel v1 = TrainedModel.train(dir, 5);
    TrainedModel v2 = TrainedModel.train(dir, 25);
    createEndpoint(endpoint, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, v1));
    awaitDeployedVersion(endpoint, 1);

    // Another instance switches the endpoint: only the database changes, no event reaches us.
    jdbc.sql(
            "insert into model_versions (team, model_group, version, artifact_uri, objective,"
                + " feature_schema) values (:t, :g, 2, :uri, 'binary', :schema)")
        .param("t", TEAM)
        .param("g", group)
        .param("uri", v2.uri())
        .param("schema", json.writeValueAsString(TrainedModel.SCHEMA))
        .update();
    jdbc.sql("update deployments set version = 2 where endpoint = :e")
        .param("e", endpoint)
        .update();

    await().atMost(Duration.ofSeconds(10)).until(() -> routedVersion(endpoint) == 2);
    // The periodic refresh loads the new version before any request asks for it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> backend.isLoaded(new ModelKey(TEAM, group, 2)));
    mvc.perform(
            post("/endpoints/" + endpoint + "/invocations")
                .header("Authorization", VIEWER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(ROWS)))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Model-Version", "2"))
        .andExpect(jsonPath("$.predictions[0]").value(v2.predict(ENCODED)[0]));
  }

  @Test
  void loadsTheModelsOfCurrentDeploymentsAtStartUp() throws Exception {
    String endpoint = unique("restart");
    String group = unique("restart-model");
    createEndpoint(endpoint, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, TrainedModel.train(dir, 5)));
    awaitDeployedVersion(endpoint, 1);
    ModelKey key = new ModelKey(TEAM, group, 1);
    backend.unload(key); // as after a restart: nothing in memory

    management.loadDeployedModels();

    assertThat(backend.isLoaded(key)).isTrue();
  }

  @Test
  void rejectsAnInvalidEndpointNamingTheFieldAndCreatesNothing() throws Exception {
    String group = unique("g");
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"Bad_Name\",\"modelGroup\":\"" + group + "\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("name"));
    String name = unique("rate");
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", ENGINEER)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"name\":\""
                        + name
                        + "\",\"modelGroup\":\""
                        + group
                        + "\",\"captureSampleRate\":1.5}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("captureSampleRate"));
    assertThat(
            jdbc.sql("select count(*) from endpoints where model_group = :g")
                .param("g", group)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void rejectsATakenNameWithConflict() throws Exception {
    String name = unique("taken");
    createEndpoint(name, unique("g"), 0.1);
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", OUTSIDER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"modelGroup\":\"other\"}"))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(
            jdbc.sql("select team from endpoints where name = :n")
                .param("n", name)
                .query(String.class)
                .single())
        .isEqualTo(TEAM);
  }

  @Test
  void onlyMlEngineersAndAdminsCreateEndpoints() throws Exception {
    String name = unique("viewer");
    mvc.perform(
            post("/api/v1/endpoints")
                .header("Authorization", VIEWER)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"modelGroup\":\"g\"}"))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(
            jdbc.sql("select count(*) from endpoints where name = :n")
                .param("n", name)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void showsATeamOnlyItsOwnEndpoints() throws Exception {
    String name = unique("mine");
    createEndpoint(name, unique("g"), 0.1);
    mvc.perform(get("/api/v1/endpoints/" + name).header("Authorization", OUTSIDER))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/api/v1/endpoints?size=200").header("Authorization", OUTSIDER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[*].name", not(hasItem(name))));
    mvc.perform(get("/api/v1/endpoints?size=200").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.page").value(0))
        .andExpect(jsonPath("$.size").value(200))
        .andExpect(jsonPath("$.total").isNumber());
    mvc.perform(get("/api/v1/endpoints?size=500").header("Authorization", VIEWER))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("size"));
  }

  @Test
  void refusesCallsWithoutAToken() throws Exception {
    mvc.perform(get("/api/v1/endpoints"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  private double duplicates() {
    return meters.find("aifactory.inbox.events").tag("outcome", "duplicate").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
