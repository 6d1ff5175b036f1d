package dev.aifactory.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.Deployment;
import dev.aifactory.common.events.EndpointDeploymentUpdated;
import dev.aifactory.common.events.Topics;
import dev.aifactory.gateway.TrainedModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** An endpoint split over several versions by weight, with sticky routing by request key. */
class WeightedVariantsIT extends GatewayItSupport {

  @TempDir Path dir;
  private String endpoint;

  /** An endpoint whose group has had champions v1 and v2; it serves v2. */
  @BeforeEach
  void endpointWithTwoKnownVersions() throws Exception {
    endpoint = unique("split");
    String group = unique("split-model");
    createEndpoint(endpoint, group, 0.0);
    publish(UUID.randomUUID().toString(), champion(group, 1, null, TrainedModel.train(dir, 5)));
    awaitDeployedVersion(endpoint, 1);
    publish(UUID.randomUUID().toString(), champion(group, 2, 1, TrainedModel.train(dir, 25)));
    awaitDeployedVersion(endpoint, 2);
  }

  @Test
  void splitsTrafficByWeightAndAnnouncesTheSplit() throws Exception {
    setDeployments(
            ENGINEER,
            "{\"deployments\": [{\"variant\": \"primary\", \"version\": 2, \"weight\": 0.7},"
                + " {\"variant\": \"previous\", \"version\": 1, \"weight\": 0.3}]}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.deployments.length()").value(2))
        .andExpect(jsonPath("$.deployments[?(@.variant == 'previous')].version").value(1))
        .andExpect(jsonPath("$.deployments[?(@.variant == 'previous')].weight").value(0.3));

    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      String variant =
          invoke(null).andReturn().getResponse().getHeader("X-Amzn-Invoked-Production-Variant");
      served.merge(variant, 1, Integer::sum);
    }
    // 30% of 400 is 120 with a standard deviation of about 9: 80..160 is over four of them.
    assertThat(served.keySet()).containsExactlyInAnyOrder("primary", "previous");
    assertThat(served.get("previous")).isBetween(80, 160);

    List<ConsumerRecord<String, String>> events =
        consume(
            Topics.ENDPOINTS,
            endpoint,
            found ->
                found.stream()
                    .anyMatch(
                        r ->
                            json.readValue(r.value(), EndpointDeploymentUpdated.class)
                                    .deployments()
                                    .size()
                                == 2));
    EndpointDeploymentUpdated split =
        events.stream()
            .map(r -> json.readValue(r.value(), EndpointDeploymentUpdated.class))
            .filter(e -> e.deployments().size() == 2)
            .findFirst()
            .orElseThrow();
    assertThat(split.deployments())
        .extracting(Deployment::variant, Deployment::version, Deployment::weight)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("primary", 2, 0.7),
            org.assertj.core.groups.Tuple.tuple("previous", 1, 0.3));
  }

  @Test
  void sendsTheSameRoutingKeyToTheSameVariant() throws Exception {
    setDeployments(
            ENGINEER,
            "{\"deployments\": [{\"variant\": \"a\", \"version\": 2, \"weight\": 0.5},"
                + " {\"variant\": \"b\", \"version\": 1, \"weight\": 0.5}]}")
        .andExpect(status().isOk());

    Set<String> variantsSeen = new HashSet<>();
    for (int k = 0; k < 20; k++) {
      String key = "customer-" + k;
      Set<String> forKey = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        forKey.add(
            invoke(key).andReturn().getResponse().getHeader("X-Amzn-Invoked-Production-Variant"));
      }
      assertThat(forKey).as("variants for %s", key).hasSize(1);
      variantsSeen.addAll(forKey);
    }
    assertThat(variantsSeen).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void rejectsBadSplitsNamingTheFieldAndChangesNothing() throws Exception {
    badSplit(
        "{\"deployments\": [{\"variant\": \"a\", \"version\": 2, \"weight\": 0.5},"
            + " {\"variant\": \"b\", \"version\": 1, \"weight\": 0.4}]}",
        "deployments");
    badSplit(
        "{\"deployments\": [{\"variant\": \"a\", \"version\": 2, \"weight\": 0.5},"
            + " {\"variant\": \"b\", \"version\": 9, \"weight\": 0.5}]}",
        "deployments[1].version");
    badSplit(
        "{\"deployments\": [{\"variant\": \"a\", \"version\": 2, \"weight\": 0.5},"
            + " {\"variant\": \"a\", \"version\": 1, \"weight\": 0.5}]}",
        "deployments[1].variant");
    badSplit(
        "{\"deployments\": [{\"variant\": \"A_B\", \"version\": 2, \"weight\": 1}]}",
        "deployments[0].variant");
    badSplit(
        "{\"deployments\": [{\"variant\": \"a\", \"version\": 2, \"weight\": 1.5}]}",
        "deployments[0].weight");
    badSplit("{\"deployments\": []}", "deployments");
  }

  @Test
  void onlyTheOwningTeamsEngineersSplitAnEndpoint() throws Exception {
    String body = "{\"deployments\": [{\"variant\": \"a\", \"version\": 1, \"weight\": 1}]}";
    setDeployments(VIEWER, body)
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    setDeployments(OUTSIDER, body)
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(deployedVersion(endpoint)).contains(2);
  }

  private void badSplit(String body, String field) throws Exception {
    setDeployments(ENGINEER, body)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field))
        .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.emptyString())));
    assertThat(deployedVersion(endpoint)).contains(2);
    assertThat(
            jdbc.sql("select count(*) from deployments where endpoint = :e")
                .param("e", endpoint)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(routedVersion(endpoint)).isEqualTo(2);
  }

  private ResultActions setDeployments(String token, String body) throws Exception {
    return mvc.perform(
        put("/api/v1/endpoints/" + endpoint + "/deployments")
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private ResultActions invoke(String routingKey) throws Exception {
    var request =
        post("/endpoints/" + endpoint + "/invocations")
            .header("Authorization", VIEWER)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(ROWS));
    if (routingKey != null) {
      request.header("X-Routing-Key", routingKey);
    }
    return mvc.perform(request).andExpect(status().isOk());
  }
}
