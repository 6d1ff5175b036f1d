package dev.aifactory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tenant isolation across the whole factory: team {@code demo} owns one object of each kind (made
 * by the demo loop plus a quality ruleset, a grant and a webhook); team {@code other} calls every
 * route that takes such an id or name and must get 404 (403 where a role check comes before the
 * lookup) as problem+json, never a 2xx; a viewer of {@code demo} gets 403 on its team's mutating
 * routes; a request without a token gets 401 on every service. The objects are unchanged after.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessMatrixIT {

  static final URI GATEWAY = URI.create("http://127.0.0.1:" + RunningFactory.GATEWAY);
  static final URI INGESTION = URI.create("http://127.0.0.1:" + RunningFactory.INGESTION);
  static final URI TRAINING = URI.create("http://127.0.0.1:" + RunningFactory.TRAINING);
  static final URI MONITORING = URI.create("http://127.0.0.1:" + RunningFactory.MONITORING);
  static final URI POLICY = URI.create("http://127.0.0.1:" + RunningFactory.POLICY);

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** Every answer seen, for the report; and the 2xx answers to a caller that must be refused. */
  static final List<String> OUTCOMES = Collections.synchronizedList(new ArrayList<>());

  static final List<String> LEAKS = Collections.synchronizedList(new ArrayList<>());

  static RunningFactory factory;
  static FactoryClient demo;
  static String otherToken;
  static String viewerToken;

  static String group;
  static String endpoint;
  static String datasetId;
  static String runId;
  static String windowId;
  static String driftReportId;
  static String webhookId;
  static String grantId;
  static String monitorId;
  static String sloId;
  static String approvalId;
  static boolean realApproval;
  static String column;
  static String policyName;
  static JsonNode policyCurrent;
  static DemoData data;
  static Map<String, String> before;

  /** One call: method, service, path, body; the status expected for the refused caller. */
  record Route(
      String label, String method, URI base, String path, String contentType, byte[] body) {

    static Route get(URI base, String label, String path) {
      return new Route("GET " + label, "GET", base, path, null, null);
    }

    static Route delete(URI base, String label, String path) {
      return new Route("DELETE " + label, "DELETE", base, path, null, null);
    }

    static Route json(String method, URI base, String label, String path, Object body) {
      return new Route(
          method + " " + label,
          method,
          base,
          path,
          "application/json",
          JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }

    static Route raw(
        String method, URI base, String label, String path, String contentType, byte[] body) {
      return new Route(method + " " + label, method, base, path, contentType, body);
    }
  }

  record Answer(int status, String contentType, String body) {}

  record Case(Route route, int expected) {}

  @BeforeAll
  static void setUp() throws Exception {
    factory = RunningFactory.shared();
    RunningFactory.DemoRun loop = RunningFactory.demoLoop();
    ObjectNode result = loop.result();
    assertThat(result.path("status").asString())
        .as(() -> "demo failed:\n" + loop.transcript() + "\n" + factory.logTails())
        .isEqualTo("ok");

    demo = FactoryClient.withClientCredentials(POLICY, "demo-ml", "demo-ml-secret");
    otherToken =
        FactoryClient.withClientCredentials(POLICY, "other-team", "other-team-secret")
            .accessToken();
    viewerToken =
        FactoryClient.withClientCredentials(POLICY, "demo-viewer", "demo-viewer-secret")
            .accessToken();

    data = DemoData.builtIn(3);
    group = result.path("modelGroup").asString();
    endpoint = result.path("endpoint").asString();
    datasetId = result.path("datasetId").asString();
    column = data.header.get(0);

    runId =
        DemoLoop.items(
                demo.get(
                    TRAINING,
                    "/api/v1/training-runs" + FactoryClient.query(Map.of("modelGroup", group))))
            .get(0)
            .path("id")
            .asString();
    windowId =
        DemoLoop.items(
                demo.get(
                    MONITORING,
                    "/api/v1/windows" + FactoryClient.query(Map.of("modelGroup", group))))
            .get(0)
            .path("id")
            .asString();
    driftReportId =
        DemoLoop.items(
                demo.get(
                    MONITORING,
                    "/api/v1/drift-reports" + FactoryClient.query(Map.of("modelGroup", group))))
            .get(0)
            .path("id")
            .asString();

    // the cheap extras: a quality ruleset, a grant and a webhook of team demo
    FactoryClient.Response rules =
        putText(demo.accessToken(), INGESTION, "/api/v1/datasets/" + datasetId + "/quality-rules");
    assertThat(rules.status()).as(rules.body()).isEqualTo(200);
    grantId =
        demo.postJson(
                INGESTION,
                "/api/v1/grants",
                Map.of(
                    "principal",
                    "demo-analyst",
                    "permissions",
                    List.of("READ"),
                    "datasetId",
                    datasetId))
            .path("id")
            .asString();
    monitorId =
        demo.postJson(
                MONITORING,
                "/api/v1/monitors",
                Map.of("endpoint", endpoint, "windowLengthSeconds", 10, "minSamples", 50))
            .path("id")
            .asString();
    sloId =
        demo.postJson(
                MONITORING,
                "/api/v1/slos",
                Map.of(
                    "endpoint",
                    endpoint,
                    "name",
                    "availability",
                    "objective",
                    "availability",
                    "target",
                    0.995))
            .path("id")
            .asString();
    webhookId =
        demo.postJson(
                POLICY,
                "/api/v1/webhooks",
                Map.of(
                    "url",
                    "https://hooks.example.com/aifactory",
                    "events",
                    List.of("training.run-completed")))
            .path("id")
            .asString();

    approvalId = openApproval();
    realApproval = approvalId != null;
    if (!realApproval) approvalId = UUID.randomUUID().toString();

    List<JsonNode> policies = DemoLoop.items(demo.get(POLICY, "/api/v1/policies"));
    policyCurrent = policies.get(0);
    policyName = policyCurrent.path("name").asString();

    before = snapshot();
  }

  /**
   * An approval request of team demo: an admin's promotion policy with an approval block (quorum 2,
   * so a single stray vote resolves nothing) on a group of its own, then one auto-trained run.
   */
  private static String openApproval() {
    String g2 = "approval-" + UUID.randomUUID().toString().substring(0, 6);
    String admin =
        FactoryClient.withClientCredentials(POLICY, "factory-admin", "factory-admin-secret")
            .accessToken();
    Answer policy =
        send(
            Route.json(
                "PUT",
                POLICY,
                "policy",
                "/api/v1/policies/access-matrix-" + g2,
                Map.of(
                    "attachmentPoint",
                    "promotion",
                    "scope",
                    "model-group:" + g2,
                    "expression",
                    "true",
                    "approval",
                    Map.of("requiredRole", "approver", "quorum", 2, "expiresInMinutes", 1440))),
            admin);
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    String id = demo.createAutoTrainDataset(INGESTION, g2, data.target, data.objective, Map.of());
    demo.uploadVersion(INGESTION, id, "v1.csv", data.toCsv(data.train));
    String[] found = new String[1];
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              for (JsonNode a :
                  DemoLoop.items(demo.get(POLICY, "/api/v1/approvals?status=pending&size=100"))) {
                if (g2.equals(a.path("modelGroup").asString())) {
                  found[0] = a.path("id").asString();
                }
              }
              return found[0] != null;
            });
    return found[0];
  }

  @AfterAll
  static void tearDown() throws Exception {
    System.out.println("== access matrix ==");
    OUTCOMES.forEach(System.out::println);
  }

  private static FactoryClient.Response putText(String token, URI base, String path) {
    Answer a =
        send(
            new Route(
                "PUT " + path,
                "PUT",
                base,
                path,
                "text/plain",
                "RowCount > 2".getBytes(StandardCharsets.UTF_8)),
            token);
    return new FactoryClient.Response(a.status(), null, a.body(), null);
  }

  /** The routes that take one of team demo's ids or names, with valid bodies. */
  static List<Case> otherTeamCases() {
    String ds = "/api/v1/datasets/" + datasetId;
    String mg = "/api/v1/model-groups/" + group;
    String ep = "/api/v1/endpoints/" + endpoint;
    List<Case> c = new ArrayList<>();
    // ingestion-service
    c.add(new Case(Route.get(INGESTION, "/api/v1/datasets/{id}", ds), 404));
    c.add(new Case(Route.get(INGESTION, "/api/v1/datasets/{id}/versions", ds + "/versions"), 404));
    c.add(
        new Case(
            Route.get(INGESTION, "/api/v1/datasets/{id}/versions/{v}", ds + "/versions/1"), 404));
    c.add(new Case(uploadRoute(ds), 404));
    c.add(
        new Case(
            Route.json(
                "POST",
                INGESTION,
                "/api/v1/datasets/{id}/versions (json import)",
                ds + "/versions",
                Map.of("path", "/tmp/access-matrix-missing.csv")),
            404));
    c.add(
        new Case(
            Route.get(INGESTION, "/api/v1/datasets/{id}/quality-rules", ds + "/quality-rules"),
            404));
    c.add(
        new Case(
            Route.raw(
                "PUT",
                INGESTION,
                "/api/v1/datasets/{id}/quality-rules (text)",
                ds + "/quality-rules",
                "text/plain",
                "RowCount > 1".getBytes(StandardCharsets.UTF_8)),
            404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                INGESTION,
                "/api/v1/datasets/{id}/quality-rules (json)",
                ds + "/quality-rules",
                Map.of("rules", "RowCount > 1")),
            404));
    c.add(
        new Case(
            Route.get(
                INGESTION,
                "/api/v1/datasets/{id}/versions/{v}/quality-results",
                ds + "/versions/1/quality-results"),
            404));
    c.add(
        new Case(
            Route.get(INGESTION, "/api/v1/datasets/{id}/classification", ds + "/classification"),
            404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                INGESTION,
                "/api/v1/datasets/{id}/classification/{column}",
                ds + "/classification/" + column,
                Map.of("tags", List.of("confidential"), "reason", "access matrix")),
            404));
    c.add(
        new Case(
            Route.get(
                INGESTION,
                "/api/v1/datasets/{id}/classification/{column}/overrides",
                ds + "/classification/" + column + "/overrides"),
            404));
    c.add(
        new Case(
            Route.get(
                INGESTION,
                "/api/v1/datasets/{id}/versions/{v}/access",
                ds + "/versions/1/access?principal=other&permission=READ"),
            404));
    c.add(
        new Case(
            Route.json(
                "POST",
                INGESTION,
                "/api/v1/grants (datasetId of demo)",
                "/api/v1/grants",
                Map.of(
                    "principal", "other", "permissions", List.of("READ"), "datasetId", datasetId)),
            404));
    // training-service
    c.add(new Case(Route.get(TRAINING, "/api/v1/model-groups/{name}", mg), 404));
    c.add(
        new Case(
            Route.get(TRAINING, "/api/v1/model-groups/{name}/versions", mg + "/versions"), 404));
    c.add(
        new Case(
            Route.get(TRAINING, "/api/v1/model-groups/{name}/versions/{v}", mg + "/versions/1"),
            404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                TRAINING,
                "/api/v1/model-groups/{name}/aliases/{alias}",
                mg + "/aliases/champion",
                Map.of("version", 1)),
            404));
    c.add(
        new Case(
            Route.get(TRAINING, "/api/v1/training-runs/{id}", "/api/v1/training-runs/" + runId),
            404));
    c.add(
        new Case(
            Route.json(
                "POST",
                TRAINING,
                "/api/v1/training-runs/{id}/cancel",
                "/api/v1/training-runs/" + runId + "/cancel",
                Map.of()),
            404));
    c.add(
        new Case(
            Route.json(
                "POST",
                TRAINING,
                "/api/v1/training-runs (datasetId of demo)",
                "/api/v1/training-runs",
                Map.of(
                    "modelGroup",
                    "xteam-" + group,
                    "datasetId",
                    datasetId,
                    "datasetVersion",
                    1,
                    "target",
                    data.target,
                    "objective",
                    data.objective)),
            404));
    // monitoring-service
    c.add(
        new Case(
            Route.get(MONITORING, "/api/v1/windows/{id}", "/api/v1/windows/" + windowId), 404));
    c.add(
        new Case(
            Route.get(
                MONITORING, "/api/v1/drift-reports/{id}", "/api/v1/drift-reports/" + driftReportId),
            404));
    c.add(
        new Case(
            Route.get(
                MONITORING,
                "/api/v1/drift-reports/{id}/files/{name}",
                "/api/v1/drift-reports/" + windowId + "/files/statistics.json"),
            404));
    c.add(
        new Case(
            Route.get(
                MONITORING,
                "/api/v1/baselines/{modelGroup}/{version}",
                "/api/v1/baselines/" + group + "/1"),
            404));
    c.add(
        new Case(
            Route.json(
                "POST",
                MONITORING,
                "/api/v1/endpoints/{name}/ground-truth",
                ep + "/ground-truth",
                Map.of("labels", List.of(Map.of("requestId", "access-matrix-1", "label", 1)))),
            404));
    // inference-gateway: control plane
    c.add(new Case(Route.get(GATEWAY, "/api/v1/endpoints/{name}", ep), 404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                GATEWAY,
                "/api/v1/endpoints/{name}/deployments",
                ep + "/deployments",
                Map.of(
                    "deployments",
                    List.of(Map.of("variant", "primary", "version", 1, "weight", 1.0)))),
            404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                GATEWAY,
                "/api/v1/endpoints/{name}/quota",
                ep + "/quota",
                Map.of("requestsPerSecond", 1.0, "burst", 1)),
            404));
    // inference-gateway: data plane
    String m = "/v2/models/" + endpoint;
    c.add(new Case(Route.get(GATEWAY, "/v2/models/{m}", m), 404));
    c.add(new Case(Route.get(GATEWAY, "/v2/models/{m}/versions/{v}", m + "/versions/1"), 404));
    c.add(new Case(Route.get(GATEWAY, "/v2/models/{m}/ready", m + "/ready"), 404));
    c.add(
        new Case(
            Route.get(GATEWAY, "/v2/models/{m}/versions/{v}/ready", m + "/versions/1/ready"), 404));
    c.add(
        new Case(
            Route.raw(
                "POST",
                GATEWAY,
                "/v2/models/{m}/infer",
                m + "/infer",
                "application/json",
                oipBody()),
            404));
    c.add(
        new Case(
            Route.raw(
                "POST",
                GATEWAY,
                "/v2/models/{m}/versions/{v}/infer",
                m + "/versions/1/infer",
                "application/json",
                oipBody()),
            404));
    c.add(
        new Case(
            Route.raw(
                "POST",
                GATEWAY,
                "/endpoints/{name}/invocations",
                "/endpoints/" + endpoint + "/invocations",
                "text/csv",
                csvBody()),
            404));
    // policy-service
    String ap = "/api/v1/approvals/" + approvalId;
    String suffix = realApproval ? "" : " (no approval opened; random id)";
    c.add(new Case(Route.get(POLICY, "/api/v1/approvals/{id}" + suffix, ap), 404));
    c.add(
        new Case(
            Route.json(
                "POST",
                POLICY,
                "/api/v1/approvals/{id}/approve" + suffix,
                ap + "/approve",
                Map.of("comment", "x")),
            404));
    c.add(
        new Case(
            Route.json(
                "POST",
                POLICY,
                "/api/v1/approvals/{id}/reject" + suffix,
                ap + "/reject",
                Map.of("comment", "x")),
            404));
    String wh = "/api/v1/webhooks/" + webhookId;
    c.add(new Case(Route.get(POLICY, "/api/v1/webhooks/{id}", wh), 404));
    c.add(new Case(Route.get(POLICY, "/api/v1/webhooks/{id}/deliveries", wh + "/deliveries"), 404));
    c.add(new Case(Route.delete(POLICY, "/api/v1/webhooks/{id}", wh), 404));
    c.add(new Case(Route.get(POLICY, "/api/v1/budgets/{team}", "/api/v1/budgets/demo"), 404));
    // role-gated before the lookup: only admins set budgets or change (global) policies
    c.add(
        new Case(
            Route.json(
                "PUT",
                POLICY,
                "/api/v1/budgets/{team}",
                "/api/v1/budgets/demo",
                Map.of("monthlyLimitUsd", 1.0)),
            403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                POLICY,
                "/api/v1/policies/{name}",
                "/api/v1/policies/" + policyName,
                policyDraft()),
            403));
    // routes added with the rollout, SLO, card, log, profile and identity features
    c.add(
        new Case(
            Route.get(
                INGESTION,
                "/api/v1/datasets/{id}/versions/{v}/profile",
                ds + "/versions/1/profile"),
            404));
    c.add(
        new Case(Route.delete(INGESTION, "/api/v1/grants/{id}", "/api/v1/grants/" + grantId), 404));
    c.add(
        new Case(
            Route.get(
                TRAINING,
                "/api/v1/training-runs/{id}/logs",
                "/api/v1/training-runs/" + runId + "/logs"),
            404));
    c.add(
        new Case(
            Route.get(
                TRAINING, "/api/v1/model-groups/{name}/versions/{v}/card", mg + "/versions/1/card"),
            404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                TRAINING,
                "/api/v1/model-groups/{name}/versions/{v}/card",
                mg + "/versions/1/card",
                Map.of("intendedUse", "access matrix")),
            404));
    c.add(new Case(Route.get(GATEWAY, "/api/v1/endpoints/{name}/rollouts", ep + "/rollouts"), 404));
    c.add(
        new Case(
            Route.json(
                "POST",
                GATEWAY,
                "/api/v1/endpoints/{name}/rollouts",
                ep + "/rollouts",
                Map.of("modelGroup", group, "version", 1, "strategy", "canary")),
            404));
    c.add(new Case(Route.get(GATEWAY, "/api/v1/endpoints/{name}/shadow", ep + "/shadow"), 404));
    c.add(
        new Case(
            Route.get(
                GATEWAY, "/api/v1/endpoints/{name}/sagemaker-hostings", ep + "/sagemaker-hostings"),
            404));
    c.add(
        new Case(
            Route.get(
                GATEWAY,
                "/api/v1/endpoints/{name}/sagemaker-hostings/{id}",
                ep + "/sagemaker-hostings/" + UUID.randomUUID()),
            404));
    c.add(new Case(hostingRoute(ep), 404));
    c.add(new Case(hostingDeleteRoute(ep), 404));
    c.add(
        new Case(
            Route.get(
                GATEWAY, "/api/v1/endpoints/{name}/admission-denials", ep + "/admission-denials"),
            404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                GATEWAY,
                "/api/v1/endpoints/{name}/champion-rollout",
                ep + "/champion-rollout",
                Map.of("strategy", "instant")),
            404));
    String mon = "/api/v1/monitors/" + monitorId;
    c.add(new Case(Route.get(MONITORING, "/api/v1/monitors/{id}", mon), 404));
    c.add(new Case(Route.get(MONITORING, "/api/v1/monitors/{id}/windows", mon + "/windows"), 404));
    c.add(
        new Case(
            Route.json(
                "PUT",
                MONITORING,
                "/api/v1/monitors/{id}",
                mon,
                Map.of("endpoint", endpoint, "windowLengthSeconds", 5)),
            404));
    c.add(new Case(Route.delete(MONITORING, "/api/v1/monitors/{id}", mon), 404));
    String slo = "/api/v1/slos/" + sloId;
    c.add(new Case(Route.get(MONITORING, "/api/v1/slos/{id}", slo), 404));
    c.add(new Case(Route.get(MONITORING, "/api/v1/slos/{id}/status", slo + "/status"), 404));
    c.add(new Case(Route.delete(MONITORING, "/api/v1/slos/{id}", slo), 404));
    c.add(new Case(Route.get(POLICY, "/api/v1/loops/{modelGroup}", "/api/v1/loops/" + group), 404));
    // identity administration: admins only, refused before any lookup
    c.add(new Case(Route.get(POLICY, "/api/v1/users", "/api/v1/users"), 403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                POLICY,
                "/api/v1/users/{username}",
                "/api/v1/users/alice",
                Map.of("team", "other")),
            403));
    c.add(new Case(Route.delete(POLICY, "/api/v1/teams/{name}", "/api/v1/teams/demo"), 403));
    c.add(
        new Case(
            Route.json(
                "POST",
                POLICY,
                "/api/v1/clients/{id}/secret",
                "/api/v1/clients/demo-ml/secret",
                Map.of()),
            403));
    c.add(new Case(Route.delete(POLICY, "/api/v1/clients/{id}", "/api/v1/clients/demo-ml"), 403));
    c.add(
        new Case(
            Route.json(
                "POST",
                POLICY,
                "/api/v1/signing-keys/rotate",
                "/api/v1/signing-keys/rotate",
                Map.of()),
            403));
    return c;
  }

  /** Tearing down a SageMaker hosting of the endpoint at {@code ep}. */
  private static Route hostingDeleteRoute(String ep) {
    return Route.delete(
        GATEWAY,
        "/api/v1/endpoints/{name}/sagemaker-hostings/{id}",
        ep + "/sagemaker-hostings/" + UUID.randomUUID());
  }

  /** A valid SageMaker hosting request for the endpoint at {@code ep}. */
  private static Route hostingRoute(String ep) {
    return Route.json(
        "POST",
        GATEWAY,
        "/api/v1/endpoints/{name}/sagemaker-hostings",
        ep + "/sagemaker-hostings",
        Map.of(
            "variants",
            List.of(
                Map.of(
                    "variant", "primary",
                    "version", 1,
                    "image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/xgboost:1",
                    "modelDataUrl", "s3://bucket/model.tar.gz",
                    "executionRoleArn", "arn:aws:iam::123456789012:role/sagemaker",
                    "instanceType", "ml.m5.large",
                    "instanceCount", 1,
                    "weight", 1.0))));
  }

  /** Team demo's mutating routes, called by its viewer. */
  static List<Case> viewerCases() {
    String ds = "/api/v1/datasets/" + datasetId;
    String ep = "/api/v1/endpoints/" + endpoint;
    List<Case> c = new ArrayList<>();
    c.add(
        new Case(
            Route.json(
                "POST",
                INGESTION,
                "/api/v1/datasets",
                "/api/v1/datasets",
                Map.of("name", "viewer-" + UUID.randomUUID().toString().substring(0, 6))),
            403));
    c.add(new Case(uploadRoute(ds), 403));
    c.add(
        new Case(
            Route.raw(
                "PUT",
                INGESTION,
                "/api/v1/datasets/{id}/quality-rules",
                ds + "/quality-rules",
                "text/plain",
                "RowCount > 1".getBytes(StandardCharsets.UTF_8)),
            403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                INGESTION,
                "/api/v1/datasets/{id}/classification/{column}",
                ds + "/classification/" + column,
                Map.of("tags", List.of("confidential"), "reason", "access matrix")),
            403));
    c.add(
        new Case(
            Route.json(
                "POST",
                INGESTION,
                "/api/v1/grants",
                "/api/v1/grants",
                Map.of(
                    "principal", "viewer", "permissions", List.of("READ"), "datasetId", datasetId)),
            403));
    c.add(
        new Case(
            Route.json(
                "POST",
                TRAINING,
                "/api/v1/training-runs",
                "/api/v1/training-runs",
                Map.of(
                    "modelGroup",
                    group,
                    "datasetId",
                    datasetId,
                    "datasetVersion",
                    1,
                    "target",
                    data.target,
                    "objective",
                    data.objective)),
            403));
    c.add(
        new Case(
            Route.json(
                "POST",
                TRAINING,
                "/api/v1/training-runs/{id}/cancel",
                "/api/v1/training-runs/" + runId + "/cancel",
                Map.of()),
            403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                TRAINING,
                "/api/v1/model-groups/{name}/aliases/{alias}",
                "/api/v1/model-groups/" + group + "/aliases/champion",
                Map.of("version", 1)),
            403));
    c.add(
        new Case(
            Route.json(
                "POST",
                GATEWAY,
                "/api/v1/endpoints",
                "/api/v1/endpoints",
                Map.of(
                    "name",
                    "viewer-" + UUID.randomUUID().toString().substring(0, 6),
                    "modelGroup",
                    group)),
            403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                GATEWAY,
                "/api/v1/endpoints/{name}/deployments",
                ep + "/deployments",
                Map.of(
                    "deployments",
                    List.of(Map.of("variant", "primary", "version", 1, "weight", 1.0)))),
            403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                GATEWAY,
                "/api/v1/endpoints/{name}/quota",
                ep + "/quota",
                Map.of("requestsPerSecond", 1.0, "burst", 1)),
            403));
    c.add(
        new Case(
            Route.json(
                "POST",
                MONITORING,
                "/api/v1/endpoints/{name}/ground-truth",
                ep + "/ground-truth",
                Map.of("labels", List.of(Map.of("requestId", "access-matrix-1", "label", 1)))),
            403));
    c.add(
        new Case(
            Route.json(
                "POST",
                POLICY,
                "/api/v1/webhooks",
                "/api/v1/webhooks",
                Map.of(
                    "url",
                    "https://hooks.example.com/viewer",
                    "events",
                    List.of("training.run-completed"))),
            403));
    c.add(
        new Case(
            Route.delete(POLICY, "/api/v1/webhooks/{id}", "/api/v1/webhooks/" + webhookId), 403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                POLICY,
                "/api/v1/budgets/{team}",
                "/api/v1/budgets/demo",
                Map.of("monthlyLimitUsd", 1.0)),
            403));
    c.add(
        new Case(
            Route.json(
                "POST",
                GATEWAY,
                "/api/v1/endpoints/{name}/rollouts",
                ep + "/rollouts",
                Map.of("modelGroup", group, "version", 1, "strategy", "canary")),
            403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                GATEWAY,
                "/api/v1/endpoints/{name}/champion-rollout",
                ep + "/champion-rollout",
                Map.of("strategy", "instant")),
            403));
    c.add(new Case(hostingRoute(ep), 403));
    c.add(new Case(hostingDeleteRoute(ep), 403));
    c.add(
        new Case(
            Route.json(
                "POST",
                MONITORING,
                "/api/v1/slos",
                "/api/v1/slos",
                Map.of("endpoint", endpoint, "objective", "availability", "target", 0.9)),
            403));
    c.add(
        new Case(
            Route.delete(MONITORING, "/api/v1/monitors/{id}", "/api/v1/monitors/" + monitorId),
            403));
    c.add(
        new Case(Route.delete(INGESTION, "/api/v1/grants/{id}", "/api/v1/grants/" + grantId), 403));
    c.add(
        new Case(
            Route.json(
                "PUT",
                TRAINING,
                "/api/v1/model-groups/{name}/versions/{v}/card",
                "/api/v1/model-groups/" + group + "/versions/1/card",
                Map.of("intendedUse", "viewer")),
            403));
    if (realApproval) {
      c.add(
          new Case(
              Route.json(
                  "POST",
                  POLICY,
                  "/api/v1/approvals/{id}/approve",
                  "/api/v1/approvals/" + approvalId + "/approve",
                  Map.of("comment", "x")),
              403));
    }
    return c;
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> anotherTeamNeverReachesTeamDemosObjects() {
    return otherTeamCases().stream()
        .map(c -> dynamicTest("other " + c.route().label(), () -> refused("other", c, otherToken)));
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> aViewerCannotChangeItsOwnTeamsObjects() {
    return viewerCases().stream()
        .map(
            c ->
                dynamicTest(
                    "viewer " + c.route().label(), () -> refused("viewer", c, viewerToken)));
  }

  @TestFactory
  @Order(3)
  Stream<DynamicTest> noTokenGets401OnEveryService() {
    List<Case> c = new ArrayList<>();
    c.add(new Case(Route.get(INGESTION, "/api/v1/datasets", "/api/v1/datasets"), 401));
    c.add(new Case(Route.get(TRAINING, "/api/v1/model-groups", "/api/v1/model-groups"), 401));
    c.add(new Case(Route.get(MONITORING, "/api/v1/windows", "/api/v1/windows"), 401));
    c.add(new Case(Route.get(POLICY, "/api/v1/decisions", "/api/v1/decisions"), 401));
    c.add(new Case(Route.get(GATEWAY, "/api/v1/endpoints", "/api/v1/endpoints"), 401));
    c.add(
        new Case(
            Route.raw(
                "POST",
                GATEWAY,
                "/v2/models/{m}/infer",
                "/v2/models/" + endpoint + "/infer",
                "application/json",
                oipBody()),
            401));
    c.add(
        new Case(
            Route.raw(
                "POST",
                GATEWAY,
                "/endpoints/{name}/invocations",
                "/endpoints/" + endpoint + "/invocations",
                "text/csv",
                csvBody()),
            401));
    return c.stream()
        .map(
            x ->
                dynamicTest(
                    "no token " + x.route().label(),
                    () -> {
                      Answer a = send(x.route(), null);
                      record("no-token", x, a);
                      assertThat(a.status()).as(a.body()).isEqualTo(401);
                    }));
  }

  @TestFactory
  @Order(4)
  Stream<DynamicTest> filteredListsShowAnotherTeamNothing() {
    Map<String, URI> lists = new LinkedHashMap<>();
    lists.put("/api/v1/training-runs?modelGroup=" + group, TRAINING);
    lists.put("/api/v1/windows?modelGroup=" + group, MONITORING);
    lists.put("/api/v1/windows?endpoint=" + endpoint, MONITORING);
    lists.put("/api/v1/drift-reports?modelGroup=" + group, MONITORING);
    lists.put("/api/v1/quality?endpoint=" + endpoint, MONITORING);
    lists.put("/api/v1/decisions?subject=" + group, POLICY);
    lists.put("/api/v1/audit-events?subject=" + group, POLICY);
    lists.put("/api/v1/datasets", INGESTION);
    lists.put("/api/v1/grants", INGESTION);
    lists.put("/api/v1/model-groups", TRAINING);
    lists.put("/api/v1/endpoints", GATEWAY);
    lists.put("/api/v1/webhooks", POLICY);
    lists.put("/api/v1/approvals", POLICY);
    return lists.entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    "other GET " + e.getKey(),
                    () -> {
                      Answer a = send(Route.get(e.getValue(), e.getKey(), e.getKey()), otherToken);
                      OUTCOMES.add("other    GET " + e.getKey() + " -> " + a.status());
                      assertThat(a.status()).as(a.body()).isEqualTo(200);
                      JsonNode items = JSON.readTree(a.body()).path("items");
                      List<String> mine = new ArrayList<>();
                      for (JsonNode item : items) {
                        String text = item.toString();
                        if (text.contains(datasetId)
                            || text.contains("\"" + group + "\"")
                            || text.contains(webhookId)
                            || text.contains("\"team\":\"demo\"")) {
                          mine.add(text);
                        }
                      }
                      if (!mine.isEmpty()) LEAKS.add("GET " + e.getKey() + " lists " + mine);
                      assertThat(mine).as("team demo's objects listed to team other").isEmpty();
                    }));
  }

  @Test
  @Order(5)
  void teamDemosObjectsAreUnchangedAndNothingLeaked() {
    Map<String, String> after = snapshot();
    assertThat(after).as("team demo's objects after the refused calls").isEqualTo(before);
    assertThat(LEAKS).as("2xx answers to a caller that must be refused").isEmpty();
  }

  private static void refused(String who, Case c, String token) {
    Answer a = send(c.route(), token);
    record(who, c, a);
    if (a.status() / 100 == 2) {
      LEAKS.add(who + " " + c.route().label() + " -> " + a.status() + " " + abbreviate(a.body()));
    }
    assertThat(a.status())
        .as("%s %s answered %s", who, c.route().label(), abbreviate(a.body()))
        .isEqualTo(c.expected());
    assertThat(a.contentType())
        .as("%s %s content type", who, c.route().label())
        .startsWith("application/problem+json");
  }

  private static void record(String who, Case c, Answer a) {
    OUTCOMES.add(
        String.format(
            "%-8s %-70s expected %d got %d %s",
            who, c.route().label(), c.expected(), a.status(), a.contentType()));
  }

  /** What must not change: champion, versions, deployments, quota, rules, tags, run, webhook. */
  private static Map<String, String> snapshot() {
    Map<String, String> s = new LinkedHashMap<>();
    String ds = "/api/v1/datasets/" + datasetId;
    JsonNode g = demo.get(TRAINING, "/api/v1/model-groups/" + group);
    s.put("aliases", g.path("aliases").toString());
    s.put("latest", g.path("latest").toString());
    s.put(
        "modelVersions",
        demo.get(TRAINING, "/api/v1/model-groups/" + group + "/versions").path("total").toString());
    JsonNode e = demo.get(GATEWAY, "/api/v1/endpoints/" + endpoint);
    s.put("deployments", e.path("deployments").toString());
    s.put("quota", e.path("requestsPerSecond") + "/" + e.path("burst"));
    s.put("datasetVersions", demo.get(INGESTION, ds + "/versions").path("total").toString());
    s.put("qualityRules", demo.get(INGESTION, ds + "/quality-rules").path("version").toString());
    s.put(
        "overrides",
        demo.get(INGESTION, ds + "/classification/" + column + "/overrides")
            .path("items")
            .toString());
    s.put("classification", demo.get(INGESTION, ds + "/classification").toString());
    s.put("grants", demo.get(INGESTION, "/api/v1/grants").path("total").toString());
    JsonNode run = demo.get(TRAINING, "/api/v1/training-runs/" + runId);
    s.put("run", run.path("status").asString() + "/" + run.path("finishedAt").asString());
    s.put(
        "runs",
        demo.get(
                TRAINING,
                "/api/v1/training-runs" + FactoryClient.query(Map.of("modelGroup", group)))
            .path("total")
            .toString());
    s.put("webhook", demo.getRaw(POLICY, "/api/v1/webhooks/" + webhookId).status() + "");
    s.put("budget", demo.getRaw(POLICY, "/api/v1/budgets/demo").status() + "");
    s.put("policy", demo.get(POLICY, "/api/v1/policies/" + policyName).path("current").toString());
    s.put("monitor", demo.get(MONITORING, "/api/v1/monitors/" + monitorId).toString());
    s.put("slo", demo.get(MONITORING, "/api/v1/slos/" + sloId).toString());
    s.put(
        "card",
        demo.get(TRAINING, "/api/v1/model-groups/" + group + "/versions/1/card").toString());
    s.put("rollouts", demo.get(GATEWAY, "/api/v1/endpoints/" + endpoint + "/rollouts").toString());
    s.put("loop", demo.getRaw(POLICY, "/api/v1/loops/" + group).status() + "");
    if (realApproval) {
      s.put("approval", demo.get(POLICY, "/api/v1/approvals/" + approvalId).toString());
    }
    return s;
  }

  private static Route uploadRoute(String ds) {
    String boundary = "----accessmatrix" + UUID.randomUUID();
    byte[] csv = data.toCsv(data.train.subList(0, 50));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(csv);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return Route.raw(
        "POST",
        INGESTION,
        "/api/v1/datasets/{id}/versions (upload)",
        ds + "/versions",
        "multipart/form-data; boundary=" + boundary,
        body.toByteArray());
  }

  private static byte[] oipBody() {
    List<String> row = data.holdout.get(0);
    ObjectNode body = JSON.createObjectNode();
    body.put("id", UUID.randomUUID().toString());
    ArrayNode inputs = body.putArray("inputs");
    for (int c = 0; c < data.header.size(); c++) {
      if (c == data.targetIndex) continue;
      ObjectNode input = inputs.addObject();
      input.put("name", data.header.get(c));
      input.putArray("shape").add(1);
      boolean numeric = data.numericColumns.contains(c);
      input.put("datatype", numeric ? "FP64" : "BYTES");
      ArrayNode values = input.putArray("data");
      String v = row.get(c);
      if (!numeric) values.add(v);
      else if (v.isEmpty()) values.addNull();
      else values.add(Double.parseDouble(v));
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] csvBody() {
    List<String> features = new ArrayList<>(data.holdout.get(0));
    features.remove(data.targetIndex);
    return (String.join(",", features) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The policy as it is: were the write accepted, nothing would change but its version. */
  private static Map<String, Object> policyDraft() {
    Map<String, Object> draft = new LinkedHashMap<>();
    draft.put("attachmentPoint", policyCurrent.path("attachmentPoint").asString());
    draft.put("expression", policyCurrent.path("expression").asString());
    draft.put("description", policyCurrent.path("description").asString());
    return draft;
  }

  static Answer send(Route r, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(r.base().resolve(r.path())).timeout(Duration.ofSeconds(60));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (r.contentType() != null) b.header("Content-Type", r.contentType());
    b.header("Accept", "application/json, application/problem+json");
    b.method(
        r.method(),
        r.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
    try {
      HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reach " + r.base() + r.path(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
