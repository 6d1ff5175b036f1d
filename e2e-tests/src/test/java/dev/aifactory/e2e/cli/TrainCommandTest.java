package dev.aifactory.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI against a scripted factory (a JDK HTTP server answering the token, run and version
 * endpoints): exit codes, progress lines and the JSON summary.
 */
class TrainCommandTest {

  private static final String RUN = "7f1c6a2e-0000-4000-8000-000000000001";

  private final JsonMapper json = JsonMapper.builder().build();
  private HttpServer server;
  private final Deque<String> runStates = new ArrayDeque<>();
  private final Deque<String> versionStates = new ArrayDeque<>();
  private final List<Map<String, String>> posts = new ArrayList<>();
  private int createStatus = 202;
  private String createBody;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/oauth2/token",
        ex ->
            reply(
                ex, 200, "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
    server.createContext(
        "/api/v1/training-runs",
        ex -> {
          if (ex.getRequestMethod().equals("POST")) {
            Map<String, String> seen = new HashMap<>();
            seen.put("key", ex.getRequestHeaders().getFirst("Idempotency-Key"));
            seen.put("auth", ex.getRequestHeaders().getFirst("Authorization"));
            seen.put(
                "body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            posts.add(seen);
            reply(ex, createStatus, createBody != null ? createBody : run("QUEUED", null, ""));
          } else {
            String state = runStates.size() > 1 ? runStates.poll() : runStates.peek();
            reply(ex, 200, state);
          }
        });
    server.createContext(
        "/api/v1/model-groups/churn/versions/3",
        ex -> {
          String status = versionStates.size() > 1 ? versionStates.poll() : versionStates.peek();
          reply(
              ex,
              200,
              "{\"modelGroup\":\"churn\",\"version\":3,\"status\":\""
                  + status
                  + "\",\"decisionId\":\"d-1\"}");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String run(String status, Integer version, String extra) {
    return "{\"id\":\""
        + RUN
        + "\",\"status\":\""
        + status
        + "\",\"datasetVersion\":2,\"target\":\"churned\",\"objective\":\"binary\""
        + (version == null ? "" : ",\"modelVersion\":" + version + ",\"metrics\":{\"auc\":0.91}")
        + extra
        + "}";
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders()
        .add("Content-Type", status / 100 == 2 ? "application/json" : "application/problem+json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private record Outcome(int exitCode, List<String> lines, JsonNode summary) {}

  private Outcome train(Map<String, String> env, String... extra) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    Map<String, String> environment = new HashMap<>(env);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    environment.put("AIFACTORY_POLICY_URL", base);
    environment.put("AIFACTORY_TRAINING_URL", base);
    List<String> args =
        new ArrayList<>(
            List.of("--model-group", "churn", "--dataset", "ds-1@2", "--poll-interval", "10"));
    args.addAll(List.of(extra));
    int code = new TrainCommand(out, environment).run(args.toArray(String[]::new));
    List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
    return new Outcome(code, lines, json.readTree(lines.get(lines.size() - 1)));
  }

  @Test
  void exitsZeroWhenTheRegisteredVersionIsApproved() {
    runStates.addAll(
        List.of(
            run("RUNNING", null, ",\"iterations\":[{\"round\":0,\"train-logloss\":0.6}]"),
            run(
                "RUNNING",
                null,
                ",\"iterations\":[{\"round\":0,\"train-logloss\":0.6},{\"round\":1,"
                    + "\"train-logloss\":0.5}]"),
            run("SUCCEEDED", 3, "")));
    versionStates.addAll(List.of("PENDING_MANUAL_APPROVAL", "APPROVED"));

    Outcome outcome = train(Map.of(), "--wait");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.summary().path("result").asString()).isEqualTo("approved");
    assertThat(outcome.summary().path("modelVersion").asInt()).isEqualTo(3);
    assertThat(outcome.summary().path("runId").asString()).isEqualTo(RUN);
    assertThat(outcome.summary().path("exitCode").asInt()).isZero();
    assertThat(outcome.lines()).anyMatch(l -> l.contains("RUNNING"));
    assertThat(outcome.lines()).anyMatch(l -> l.contains("round 1"));
    assertThat(posts).hasSize(1);
    JsonNode body = json.readTree(posts.get(0).get("body"));
    assertThat(body.path("trigger").asString()).isEqualTo("ci");
    assertThat(body.path("datasetId").asString()).isEqualTo("ds-1");
    assertThat(body.path("datasetVersion").asInt()).isEqualTo(2);
    assertThat(body.has("target")).isFalse();
    assertThat(posts.get(0).get("auth")).isEqualTo("Bearer t");
  }

  @Test
  void exitsTwoWhenPolicyRejectsTheVersion() {
    runStates.add(run("SUCCEEDED", 3, ""));
    versionStates.add("REJECTED");

    Outcome outcome = train(Map.of(), "--wait");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.summary().path("result").asString()).isEqualTo("rejected");
    assertThat(outcome.summary().path("versionStatus").asString()).isEqualTo("REJECTED");
  }

  @Test
  void exitsOneWhenTheRunFails() {
    runStates.add(run("FAILED", null, ",\"error\":\"the dataset has 3 usable rows\""));

    Outcome outcome = train(Map.of(), "--wait");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.summary().path("result").asString()).isEqualTo("failed");
    assertThat(outcome.summary().path("error").asString()).contains("usable rows");
  }

  @Test
  void exitsOneWhenNoVerdictArrivesInTime() {
    runStates.add(run("RUNNING", null, ""));

    Outcome outcome = train(Map.of(), "--wait", "--timeout", "1");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.summary().path("result").asString()).isEqualTo("timeout");
  }

  @Test
  void exitsOneWithTheProblemWhenTrainingRefusesTheRequest() {
    createStatus = 400;
    createBody =
        "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"bad target\",\"errors\":"
            + "[{\"field\":\"target\",\"message\":\"column 'x' is not in dataset\"}]}";

    Outcome outcome = train(Map.of(), "--wait");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.summary().path("result").asString()).isEqualTo("refused");
    assertThat(outcome.summary().path("error").asString()).contains("target");
  }

  @Test
  void exitsOneOnAMissingOption() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int code =
        new TrainCommand(new PrintStream(buffer, true, StandardCharsets.UTF_8), Map.of())
            .run(new String[] {"--dataset", "ds-1"});
    assertThat(code).isEqualTo(1);
    assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("--model-group is required");
  }

  @Test
  void aRetriedCiJobReusesItsIdempotencyKeyAndANewAttemptDoesNot() {
    runStates.add(run("QUEUED", null, ""));
    Map<String, String> ci = Map.of("GITHUB_RUN_ID", "991", "GITHUB_RUN_ATTEMPT", "1");
    train(ci);
    train(ci);
    train(Map.of("GITHUB_RUN_ID", "991", "GITHUB_RUN_ATTEMPT", "2"));
    train(Map.of());

    assertThat(posts).hasSize(4);
    assertThat(posts.get(0).get("key")).isEqualTo(posts.get(1).get("key")).contains("991-1");
    assertThat(posts.get(2).get("key")).isNotEqualTo(posts.get(0).get("key"));
    assertThat(posts.get(3).get("key")).startsWith("cli-");
  }
}
