package dev.aifactory.e2e.cli;

import dev.aifactory.e2e.FactoryClient;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code factory train}: starts a training run the way a CI job does and, with {@code --wait},
 * follows it to the policy verdict on the registered version.
 *
 * <p>Exit codes: 0 the version was approved (or, without {@code --wait}, the run was accepted), 2
 * policy rejected it, 1 anything else (bad request, failed or cancelled run, timeout, unreachable
 * service). Progress lines go to stdout; the last line is a one-line JSON summary.
 */
public final class TrainCommand {

  static final int APPROVED = 0;
  static final int FAILED = 1;
  static final int REJECTED = 2;

  private static final String USAGE =
      "usage: factory train --model-group G --dataset D[@version] [--target T --objective"
          + " binary|regression] [--hyperparameter name=value]... [--reason TEXT] [--wait]"
          + " [--timeout SECONDS]";

  /** Parsed command line. {@code datasetVersion} is null for the dataset's latest version. */
  record Options(
      String modelGroup,
      String datasetId,
      Integer datasetVersion,
      String target,
      String objective,
      Map<String, String> hyperparameters,
      String reason,
      boolean waitForVerdict,
      Duration timeout,
      Duration pollInterval,
      URI policy,
      URI training,
      String clientId,
      String clientSecret) {}

  private static final Set<String> OPTIONS =
      Set.of(
          "model-group",
          "dataset",
          "target",
          "objective",
          "reason",
          "timeout",
          "poll-interval",
          "policy",
          "training");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PrintStream out;
  private final Map<String, String> env;

  TrainCommand(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(new TrainCommand(System.out, System.getenv()).run(args));
  }

  /** Runs the command and returns its exit code; never calls {@code System.exit}. */
  int run(String[] args) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      out.println(USAGE);
      return summary(Map.of("result", "usage-error", "error", e.getMessage()), FAILED);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("modelGroup", options.modelGroup());
    summary.put("datasetId", options.datasetId());
    try {
      return train(options, summary);
    } catch (RuntimeException e) {
      summary.put("result", "error");
      summary.put("error", e.getMessage());
      out.println("error: " + e.getMessage());
      return summary(summary, FAILED);
    }
  }

  private int train(Options o, Map<String, Object> summary) {
    FactoryClient api =
        FactoryClient.withClientCredentials(o.policy(), o.clientId(), o.clientSecret());
    api.accessToken();
    String key = idempotencyKey(o);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelGroup", o.modelGroup());
    body.put("datasetId", o.datasetId());
    putIfPresent(body, "datasetVersion", o.datasetVersion());
    putIfPresent(body, "target", o.target());
    putIfPresent(body, "objective", o.objective());
    if (!o.hyperparameters().isEmpty()) {
      body.put("hyperparameters", o.hyperparameters());
    }
    body.put("trigger", "ci");
    putIfPresent(body, "reason", o.reason());
    FactoryClient.Response created =
        api.postJson(o.training(), "/api/v1/training-runs", body, Map.of("Idempotency-Key", key));
    summary.put("idempotencyKey", key);
    if (created.status() / 100 != 2 || created.json() == null) {
      summary.put("result", "refused");
      summary.put("httpStatus", created.status());
      summary.put("error", problem(created));
      out.println("training refused the run (HTTP " + created.status() + "): " + problem(created));
      return summary(summary, FAILED);
    }
    JsonNode run = created.json();
    String runId = run.path("id").asString();
    summary.put("runId", runId);
    summary.put("datasetVersion", run.path("datasetVersion").asInt());
    out.printf(
        "run %s %s: %s on %s v%d (target %s, %s)%n",
        runId,
        run.path("status").asString(),
        o.modelGroup(),
        o.datasetId(),
        run.path("datasetVersion").asInt(),
        run.path("target").asString(),
        run.path("objective").asString());
    if (!o.waitForVerdict()) {
      summary.put("result", "queued");
      summary.put("status", run.path("status").asString());
      return summary(summary, APPROVED);
    }

    Instant deadline = Instant.now().plus(o.timeout());
    String lastStatus = run.path("status").asString();
    int iterationsShown = 0;
    while (true) {
      FactoryClient.Response r = api.fetch(o.training(), "/api/v1/training-runs/" + runId);
      if (r.status() == 200 && r.json() != null) {
        run = r.json();
        String status = run.path("status").asString();
        if (!status.equals(lastStatus)) {
          out.println("run " + runId + " " + status);
          lastStatus = status;
        }
        iterationsShown = printIterations(run.path("iterations"), iterationsShown);
        if (status.equals("SUCCEEDED")) {
          break;
        }
        if (status.equals("FAILED") || status.equals("CANCELLED") || status.equals("REJECTED")) {
          summary.put("result", status.toLowerCase(Locale.ROOT));
          summary.put("status", status);
          summary.put("error", run.path("error").asString(null));
          if (status.equals("REJECTED")) {
            // Refused at admission (grants, data quality, budget): a policy verdict, not a failure.
            List<String> reasons = new java.util.ArrayList<>();
            run.path("rejectionReasons").forEach(reason -> reasons.add(reason.asString()));
            summary.put("reasons", reasons);
            out.println("run " + runId + " REJECTED by policy: " + String.join("; ", reasons));
            return summary(summary, REJECTED);
          }
          out.println("run " + runId + " ended " + status + ": " + run.path("error").asString(""));
          return summary(summary, FAILED);
        }
      } else {
        out.println("could not read the run (HTTP " + r.status() + "), retrying");
      }
      if (!pause(o, deadline)) {
        return timedOut(summary, lastStatus, o);
      }
    }
    int version = run.path("modelVersion").asInt();
    summary.put("status", "SUCCEEDED");
    summary.put("modelVersion", version);
    summary.put("metrics", run.path("metrics"));
    out.println(
        "registered " + o.modelGroup() + " v" + version + "; waiting for the policy verdict");
    String path =
        "/api/v1/model-groups/"
            + URLEncoder.encode(o.modelGroup(), StandardCharsets.UTF_8)
            + "/versions/"
            + version;
    while (true) {
      FactoryClient.Response r = api.fetch(o.training(), path);
      String versionStatus = r.json() == null ? "" : r.json().path("status").asString("");
      if (versionStatus.equals("APPROVED") || versionStatus.equals("REJECTED")) {
        summary.put("versionStatus", versionStatus);
        summary.put("decisionId", r.json().path("decisionId").asString(null));
        boolean approved = versionStatus.equals("APPROVED");
        summary.put("result", approved ? "approved" : "rejected");
        out.println(
            o.modelGroup() + " v" + version + (approved ? " APPROVED" : " REJECTED by policy"));
        return summary(summary, approved ? APPROVED : REJECTED);
      }
      if (!pause(o, deadline)) {
        summary.put("versionStatus", versionStatus);
        return timedOut(summary, "SUCCEEDED", o);
      }
    }
  }

  /** Prints the newest round when there are new ones: one line per poll, however fast it trains. */
  private int printIterations(JsonNode iterations, int shown) {
    if (!iterations.isArray() || iterations.size() <= shown) {
      return shown;
    }
    JsonNode it = iterations.get(iterations.size() - 1);
    StringBuilder line = new StringBuilder("  round ").append(it.path("round").asInt());
    for (Map.Entry<String, JsonNode> e : it.properties()) {
      if (!e.getKey().equals("round")) {
        line.append(' ').append(e.getKey()).append('=').append(e.getValue().asString());
      }
    }
    out.println(line);
    return iterations.size();
  }

  private int timedOut(Map<String, Object> summary, String status, Options o) {
    summary.put("result", "timeout");
    summary.put("status", status);
    summary.put("error", "no verdict within " + o.timeout().toSeconds() + " s");
    out.println("timed out after " + o.timeout().toSeconds() + " s (run " + status + ")");
    return summary(summary, FAILED);
  }

  /** Sleeps one poll interval; false when the deadline has passed. */
  private static boolean pause(Options o, Instant deadline) {
    if (Instant.now().isAfter(deadline)) {
      return false;
    }
    try {
      Thread.sleep(o.pollInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private int summary(Map<String, ?> fields, int exitCode) {
    ObjectNode node = JSON.valueToTree(fields);
    node.put("exitCode", exitCode);
    out.println(node);
    out.flush();
    return exitCode;
  }

  private static String problem(FactoryClient.Response r) {
    if (r.json() == null) {
      return r.body();
    }
    StringBuilder b = new StringBuilder(r.json().path("detail").asString(r.body()));
    JsonNode errors = r.json().path("errors");
    if (errors.isArray()) {
      for (JsonNode e : errors) {
        b.append("; ")
            .append(e.path("field").asString())
            .append(": ")
            .append(e.path("message").asString());
      }
    }
    return b.toString();
  }

  /**
   * A retried CI job must not start a second run, while a re-run (a new attempt) should: the key
   * combines the CI run and attempt with what is trained. Outside CI every call is new.
   */
  String idempotencyKey(Options o) {
    String explicit = env.get("AIFACTORY_IDEMPOTENCY_KEY");
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String ci = null;
    if (env.get("GITHUB_RUN_ID") != null) {
      ci =
          "gh-"
              + env.get("GITHUB_RUN_ID")
              + "-"
              + env.getOrDefault("GITHUB_RUN_ATTEMPT", "1")
              + "-"
              + env.getOrDefault("GITHUB_JOB", "job");
    } else if (env.get("CI_JOB_ID") != null) {
      ci = "gl-" + env.get("CI_JOB_ID");
    }
    if (ci == null) {
      return "cli-" + UUID.randomUUID();
    }
    String what =
        o.modelGroup() + "-" + o.datasetId() + "@" + Objects.toString(o.datasetVersion(), "latest");
    String key = ci + "-" + what;
    return key.length() <= 200 ? key : key.substring(0, 200);
  }

  Options parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> hyperparameters = new LinkedHashMap<>();
    boolean waitForVerdict = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--wait")) {
        waitForVerdict = true;
        continue;
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value = args[++i];
      if (name.equals("hyperparameter")) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--hyperparameter takes name=value, got " + value);
        }
        hyperparameters.put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        values.put(name, value);
      }
    }
    for (String name : values.keySet()) {
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    String group = required(values, "model-group");
    String dataset = required(values, "dataset");
    Integer version = null;
    int at = dataset.lastIndexOf('@');
    if (at >= 0) {
      try {
        version = Integer.parseInt(dataset.substring(at + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--dataset version must be a number: " + dataset);
      }
      dataset = dataset.substring(0, at);
    }
    String objective = values.get("objective");
    if (objective != null && !objective.equals("binary") && !objective.equals("regression")) {
      throw new IllegalArgumentException("--objective must be binary or regression");
    }
    return new Options(
        group,
        dataset,
        version,
        values.get("target"),
        objective,
        hyperparameters,
        values.get("reason"),
        waitForVerdict,
        Duration.ofSeconds(number(values.getOrDefault("timeout", "600"), "timeout")),
        Duration.ofMillis(number(values.getOrDefault("poll-interval", "2000"), "poll-interval")),
        URI.create(
            values.getOrDefault(
                "policy", env.getOrDefault("AIFACTORY_POLICY_URL", "http://127.0.0.1:8084"))),
        URI.create(
            values.getOrDefault(
                "training", env.getOrDefault("AIFACTORY_TRAINING_URL", "http://127.0.0.1:8082"))),
        env.getOrDefault("AIFACTORY_CLIENT_ID", "ci"),
        env.getOrDefault("AIFACTORY_CLIENT_SECRET", "ci-secret"));
  }

  private static String required(Map<String, String> values, String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  private static long number(String value, String name) {
    try {
      long n = Long.parseLong(value);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a positive number: " + value);
    }
  }

  private static void putIfPresent(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }
}
