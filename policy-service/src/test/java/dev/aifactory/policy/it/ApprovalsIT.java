package dev.aifactory.policy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.common.events.TrainingRunStarted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

class ApprovalsIT extends PolicyServiceIntegrationTest {

  static final String TEAM = "demo";

  void requireApproval(String group, int quorum) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attachmentPoint", "promotion");
    body.put("scope", "model-group:" + group);
    body.put("expression", "candidate.auc >= 0.6");
    body.put("approval", Map.of("quorum", quorum, "expiresInMinutes", 60));
    mvc.perform(
            put("/api/v1/policies/" + unique("promotion-requires-approval"))
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.approval.quorum").value(quorum));
  }

  /** A manual run requested by {@code requestedBy} that registers version 1 of the group. */
  String trainedBy(String group, String requestedBy) throws Exception {
    String requestId = UUID.randomUUID().toString();
    String runId = unique("run");
    send(
        new TrainingRunRequested(
            TEAM,
            requestId,
            group,
            "ds",
            1,
            "file:///tmp/ds.csv",
            List.of(),
            "churned",
            "binary",
            Map.of(),
            "manual",
            "by hand",
            requestedBy,
            null));
    send(new TrainingRunStarted(TEAM, runId, group, requestId, "manual"));
    send(
        new ModelVersionRegistered(
            TEAM,
            group,
            1,
            runId,
            "ds",
            1,
            "binary",
            "churned",
            Map.of("auc", 0.9, "accuracy", 0.8, "logloss", 0.3),
            "file:///tmp/models/" + group + "/v1/model.ubj",
            "file:///tmp/models/" + group + "/v1/baseline.json",
            List.of(),
            List.of(),
            null,
            "manual"));
    return runId;
  }

  JsonNode awaitPendingApproval(String group) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                getJson("/api/v1/approvals?status=pending&size=200", "demo-viewer")
                    .get("items")
                    .valueStream()
                    .filter(a -> a.get("modelGroup").asString().equals(group))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  ResultActions vote(String id, String verdict, String clientId, String comment) throws Exception {
    return mvc.perform(
        post("/api/v1/approvals/" + id + "/" + verdict)
            .header(HttpHeaders.AUTHORIZATION, bearer(clientId))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(Map.of("comment", comment))));
  }

  void awaitRequesterKnown(String runId) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from training_runs s join training_requests r"
                                + " on r.request_id = s.request_id where s.run_id = :run")
                        .param("run", runId)
                        .query(Integer.class)
                        .single()
                    == 1);
  }

  int votes(String approvalId) {
    return jdbc.sql("select count(*) from approval_votes where approval_id = cast(:id as uuid)")
        .param("id", approvalId)
        .query(Integer.class)
        .single();
  }

  @Test
  void holdsAGoodVersionForApprovalAndApprovesItAtQuorum() throws Exception {
    String group = unique("churn");
    requireApproval(group, 2);
    String runId = trainedBy(group, "ci");

    JsonNode pending = awaitPendingApproval(group);
    JsonNode decision = awaitDecisions(group, 1).get("items").get(0);
    assertThat(decision.get("effect").asString()).isEqualTo("pending-approval");
    assertThat(pending.get("decisionId").asString())
        .isEqualTo(decision.get("decisionId").asString());
    assertThat(pending.get("requiredRole").asString()).isEqualTo("approver");
    assertThat(pending.get("quorum").asInt()).isEqualTo(2);
    assertThat(pending.get("evidence").get("metrics").get("auc").asDouble()).isEqualTo(0.9);
    assertThat(pending.get("evidence").get("run").asString()).endsWith(runId);
    assertThat(pending.get("evidence").get("modelVersion").asString()).contains(group);
    assertThat(outboxed(group, "model.version-approved")).isEmpty();
    assertThat(outboxed(group, "model.version-rejected")).isEmpty();
    String id = pending.get("id").asString();

    vote(id, "approve", "factory-admin", "looks fine")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("pending"))
        .andExpect(jsonPath("$.approvals").value(1));
    assertThat(outboxed(group, "model.version-approved")).isEmpty();
    vote(id, "approve", "demo-ml", "agreed")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("approved"))
        .andExpect(jsonPath("$.resolution").value("approved by factory-admin, demo-ml"));

    List<JsonNode> approved = outboxed(group, "model.version-approved");
    assertThat(approved).hasSize(1);
    assertThat(approved.get(0).get("version").asInt()).isEqualTo(1);
    assertThat(approved.get(0).get("reasons").toString()).contains("approved by factory-admin");
    JsonNode audit = getJson("/api/v1/audit-events?subject=" + group, "demo-viewer");
    assertThat(audit.get("items").valueStream().map(e -> e.get("action").asString()))
        .contains("approval.requested", "approval.vote-recorded", "approval.approved");
  }

  @Test
  void forbidsWhoeverRequestedTheTrainingToApproveIt() throws Exception {
    String group = unique("churn");
    requireApproval(group, 1);
    String runId = trainedBy(group, "demo-ml");
    String id = awaitPendingApproval(group).get("id").asString();
    awaitRequesterKnown(runId);

    vote(id, "approve", "demo-ml", "my own model is great")
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("Separation of duties")));
    assertThat(votes(id)).isZero();
    assertThat(outboxed(group, "model.version-approved")).isEmpty();

    vote(id, "approve", "factory-admin", "ok")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("approved"));
    assertThat(outboxed(group, "model.version-approved")).hasSize(1);
  }

  @Test
  void aRejectionRejectsTheVersionAndClosesTheRequest() throws Exception {
    String group = unique("churn");
    requireApproval(group, 2);
    trainedBy(group, "ci");
    String id = awaitPendingApproval(group).get("id").asString();

    vote(id, "reject", "demo-ml", "fairness report missing")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("rejected"))
        .andExpect(jsonPath("$.votes[0].comment").value("fairness report missing"));
    assertThat(outboxed(group, "model.version-rejected")).hasSize(1);

    vote(id, "approve", "factory-admin", "too late")
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(votes(id)).isEqualTo(1);
    assertThat(outboxed(group, "model.version-approved")).isEmpty();
  }

  @Test
  void refusesToApproveAnExpiredRequestWhichTheExpiryJobRejects() throws Exception {
    String group = unique("churn");
    requireApproval(group, 1);
    trainedBy(group, "ci");
    String id = awaitPendingApproval(group).get("id").asString();
    // Time passes: the request's expiry is now behind us.
    jdbc.sql(
            "update approvals set expires_at = now() - interval '1 minute' where id = cast(:id as uuid)")
        .param("id", id)
        .update();

    vote(id, "approve", "demo-ml", "sorry, was on holiday")
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(votes(id)).isZero();

    await()
        .atMost(TIMEOUT)
        .until(
            () -> getJson("/api/v1/approvals/" + id, "demo-viewer"),
            a -> a.get("status").asString().equals("rejected"));
    assertThat(getJson("/api/v1/approvals/" + id, "demo-viewer").get("resolution").asString())
        .startsWith("expired");
    assertThat(outboxed(group, "model.version-rejected")).hasSize(1);
    assertThat(outboxed(group, "model.version-approved")).isEmpty();
    JsonNode audit =
        getJson("/api/v1/audit-events?action=approval.expired&subject=" + group, "demo-viewer");
    assertThat(audit.get("total").asInt()).isEqualTo(1);
  }

  @Test
  void checksRoleAndTeamBeforeAnything() throws Exception {
    String group = unique("churn");
    requireApproval(group, 1);
    trainedBy(group, "ci");
    String id = awaitPendingApproval(group).get("id").asString();

    vote(id, "approve", "demo-viewer", "me too")
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    vote(id, "approve", "other-team", "me too")
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    vote(UUID.randomUUID().toString(), "approve", "demo-ml", "who?")
        .andExpect(status().isNotFound());
    mvc.perform(
            get("/api/v1/approvals?status=maybe")
                .header(HttpHeaders.AUTHORIZATION, bearer("demo-ml")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("status"));
    assertThat(votes(id)).isZero();
    assertThat(getJson("/api/v1/approvals/" + id, "demo-viewer").get("status").asString())
        .isEqualTo("pending");
  }

  @Test
  void rejectsApprovalSettingsOutsideAnEnforcedPromotionPolicy() throws Exception {
    String name = unique("bad");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attachmentPoint", "retraining-drift");
    body.put("scope", "model-group:" + unique("g"));
    body.put("expression", "drift_share >= 0.5");
    body.put("approval", Map.of("quorum", 1));
    mvc.perform(
            put("/api/v1/policies/" + name)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("approval"));
    body.put("attachmentPoint", "promotion");
    body.put("expression", "true");
    body.put("approval", Map.of("quorum", 0));
    mvc.perform(
            put("/api/v1/policies/" + name)
                .header(HttpHeaders.AUTHORIZATION, bearer("factory-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("approval.quorum"));
    assertThat(
            jdbc.sql("select count(*) from policies where name = :n")
                .param("n", name)
                .query(Integer.class)
                .single())
        .isZero();
  }
}
