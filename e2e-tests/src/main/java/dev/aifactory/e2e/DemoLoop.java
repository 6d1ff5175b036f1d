package dev.aifactory.e2e;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the whole factory loop against running services, hands-off, and reports it: register a
 * dataset, let policy request training, wait for the approved model on the gateway, score the
 * holdout through the gateway, send drifted traffic, wait for drift-triggered retraining and the
 * switch to the new version. The last line printed is one JSON object; exit code 0 only when the
 * loop completed.
 */
public final class DemoLoop {

  /** Where the services are and what to run on. */
  public record Config(
      URI gateway,
      URI ingestion,
      URI training,
      URI monitoring,
      URI policy,
      Path data,
      String target,
      String clientId,
      String clientSecret,
      Duration stepTimeout) {

    static Config defaults() {
      return new Config(
          URI.create("http://127.0.0.1:8080"),
          URI.create("http://127.0.0.1:8081"),
          URI.create("http://127.0.0.1:8082"),
          URI.create("http://127.0.0.1:8083"),
          URI.create("http://127.0.0.1:8084"),
          null,
          null,
          "demo-ml",
          "demo-ml-secret",
          Duration.ofMinutes(4));
    }
  }

  private static final int BATCH = 50;

  private final Config config;
  private final PrintStream out;
  private final FactoryClient api;
  private final long started = System.nanoTime();
  private int predictions;
  private int errors;

  public DemoLoop(Config config, PrintStream out) {
    this.config = config;
    this.out = out;
    this.api = new FactoryClient(config.policy(), config.clientId(), config.clientSecret());
  }

  public static void main(String[] args) {
    Config config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: demo [--data FILE.csv --target COLUMN] [--gateway URL --ingestion URL --training URL --monitoring URL --policy URL]");
      System.exit(2);
      return;
    }
    DemoLoop demo = new DemoLoop(config, System.out);
    ObjectNode result = demo.run();
    System.out.println(result.toString());
    System.exit("ok".equals(result.path("status").asString()) ? 0 : 1);
  }

  static Config parse(String[] args) {
    Config c = Config.defaults();
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Unexpected argument: " + args[i]);
      }
      a.put(args[i].substring(2), args[++i]);
    }
    Path data = a.containsKey("data") ? Path.of(a.remove("data")) : null;
    String target = a.remove("target");
    if (data != null && target == null) {
      throw new IllegalArgumentException("--data needs --target COLUMN (the column to predict)");
    }
    Config parsed =
        new Config(
            URI.create(a.getOrDefault("gateway", c.gateway().toString())),
            URI.create(a.getOrDefault("ingestion", c.ingestion().toString())),
            URI.create(a.getOrDefault("training", c.training().toString())),
            URI.create(a.getOrDefault("monitoring", c.monitoring().toString())),
            URI.create(a.getOrDefault("policy", c.policy().toString())),
            data,
            target,
            a.getOrDefault("client-id", c.clientId()),
            a.getOrDefault("client-secret", c.clientSecret()),
            Duration.ofSeconds(Long.parseLong(a.getOrDefault("step-timeout-seconds", "240"))));
    for (String k :
        List.of(
            "gateway",
            "ingestion",
            "training",
            "monitoring",
            "policy",
            "client-id",
            "client-secret",
            "step-timeout-seconds")) {
      a.remove(k);
    }
    if (!a.isEmpty()) {
      throw new IllegalArgumentException("Unknown options: " + a.keySet());
    }
    return parsed;
  }

  /** Runs the loop; never throws: failures come back as {@code status: failed} with the reason. */
  public ObjectNode run() {
    ObjectNode result = api.json().createObjectNode();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    try {
      DemoData data =
          config.data() == null
              ? DemoData.builtIn(7)
              : DemoData.fromFile(config.data(), config.target(), 7);
      String base =
          config.data() == null
              ? "churn"
              : config
                  .data()
                  .getFileName()
                  .toString()
                  .replaceAll("\\.csv$", "")
                  .toLowerCase(Locale.ROOT)
                  .replaceAll("[^a-z0-9]+", "-");
      base = base.replaceAll("^-+|-+$", "");
      if (base.isEmpty() || base.length() > 40) base = "demo";
      String name = base + "-" + suffix;
      result.put("modelGroup", name);
      result.put("endpoint", name);
      result.put("objective", data.objective);
      step(
          "data: %d rows for training, %d held out; target '%s' (%s)",
          data.train.size(), data.holdout.size(), data.target, data.objective);

      api.token();
      step("authenticated with policy-service as client '%s'", config.clientId());

      api.postJson(
          config.gateway(),
          "/api/v1/endpoints",
          Map.of("name", name, "modelGroup", name, "captureSampleRate", 1.0));
      step("endpoint '%s' created on the gateway, bound to model group '%s'", name, name);

      String datasetId =
          api.createAutoTrainDataset(
              config.ingestion(),
              name,
              data.target,
              data.objective,
              Map.of("description", "aifactory demo dataset", "tags", List.of("demo")));
      result.put("datasetId", datasetId);
      JsonNode v1 =
          api.uploadVersion(
              config.ingestion(), datasetId, name + "-v1.csv", data.toCsv(data.train));
      step(
          "dataset version %d registered: %d rows, quality %s, hash %s",
          v1.path("version").asInt(),
          v1.path("rowCount").asLong(),
          v1.path("qualityStatus").asString(),
          abbreviate(v1.path("contentHash").asString()));

      JsonNode run1 = awaitRun(name, 1, "data");
      step(
          "training run %s succeeded (trigger %s) in %d ms",
          run1.path("id").asString(),
          run1.path("trigger").asString(),
          run1.path("durationMs").asLong());
      JsonNode version1 = awaitVersionStatus(name, 1);
      step(
          "model version 1: %s, metrics %s",
          version1.path("status").asString(), version1.path("metrics"));
      requireApproved(version1);
      awaitServing(name, 1);
      step("gateway serves version 1 on endpoint '%s'", name);

      Scores first = score(name, data, data.holdout, 1);
      putMetric(result, data.objective, "holdout", first);
      step(
          "holdout scored through the gateway (OIP and SageMaker paths): %d rows, %s = %.4f",
          first.count, first.metricName(), first.metric());

      JsonNode v2 =
          api.uploadVersion(
              config.ingestion(),
              datasetId,
              name + "-v2.csv",
              data.toCsv(data.drifted(data.train)));
      step(
          "new data arrived: dataset version %d (numeric features shifted by 2σ)",
          v2.path("version").asInt());

      if (!data.hasNumericFeatures()) {
        throw new IllegalStateException(
            "The CSV has no numeric feature to shift, so the demo cannot simulate drift");
      }
      step("sending drifted traffic until monitoring detects drift…");
      Scores degraded = score(name, data, data.drifted(data.holdout), 1);
      putMetric(result, data.objective, "driftedHoldoutBeforeRetrain", degraded);
      step(
          "version 1 on the drifted holdout: %s = %.4f (was %.4f)",
          degraded.metricName(), degraded.metric(), first.metric());
      JsonNode drift = awaitDrift(name, data);
      result.put("driftDetected", true);
      step(
          "drift detected on version %d: drift share %.2f, %s",
          drift.path("version").asInt(),
          drift.path("driftShare").asDouble(),
          driftedFeatures(drift));

      JsonNode run2 = awaitRun(name, 2, "drift");
      result.put("retrainedBecause", run2.path("trigger").asString());
      step(
          "retraining run %s succeeded (trigger %s, dataset version %s)",
          run2.path("id").asString(),
          run2.path("trigger").asString(),
          run2.path("datasetVersion").asString());
      JsonNode version2 = awaitVersionStatus(name, 2);
      step(
          "model version 2: %s, metrics %s",
          version2.path("status").asString(), version2.path("metrics"));
      requireApproved(version2);
      awaitChampion(name, 2);
      awaitServing(name, 2);
      step("gateway switched endpoint '%s' to version 2", name);

      Scores after = score(name, data, data.drifted(data.holdout), 2);
      putMetric(result, data.objective, "driftedHoldoutAfterRetrain", after);
      step("drifted holdout on version 2: %s = %.4f", after.metricName(), after.metric());

      ArrayNode versions = result.putArray("versions");
      List<JsonNode> registered =
          new ArrayList<>(
              items(api.get(config.training(), "/api/v1/model-groups/" + name + "/versions")));
      registered.sort(java.util.Comparator.comparingInt(v -> v.path("version").asInt()));
      for (JsonNode v : registered) {
        ObjectNode o = versions.addObject();
        o.put("version", v.path("version").asInt());
        o.set("metrics", v.path("metrics"));
        o.put("status", v.path("status").asString());
      }
      result.put("champion", champion(name));
      JsonNode audit =
          api.get(
              config.policy(),
              "/api/v1/audit-events" + FactoryClient.query(Map.of("subject", name, "size", "200")));
      result.put("auditEntries", items(audit).size());
      JsonNode verify = api.get(config.policy(), "/api/v1/audit-events/verify");
      result.put("auditChainValid", verify.path("valid").asBoolean());
      result.put("status", "ok");
    } catch (RuntimeException e) {
      result.put("status", "failed");
      result.put("error", e.getMessage());
      step("FAILED: %s", e.getMessage());
    }
    result.put("predictions", predictions);
    result.put("errors", errors);
    result.put("elapsedSeconds", Math.round(elapsed() * 10) / 10.0);
    if (!result.has("driftDetected")) result.put("driftDetected", false);
    return result;
  }

  // ---- waiting for the loop ------------------------------------------------------------------

  private JsonNode awaitRun(String group, int nth, String trigger) {
    return await(
        "training run with trigger '" + trigger + "' for " + group,
        () -> {
          List<JsonNode> runs =
              items(
                  api.get(
                      config.training(),
                      "/api/v1/training-runs"
                          + FactoryClient.query(Map.of("modelGroup", group, "size", "50"))));
          for (JsonNode run : runs) {
            if (!trigger.equals(run.path("trigger").asString())) continue;
            String status = run.path("status").asString();
            if ("FAILED".equals(status) || "REJECTED".equals(status)) {
              throw new IllegalStateException(
                  "training run "
                      + run.path("id").asString()
                      + " "
                      + status
                      + ": "
                      + run.path("error").asString());
            }
            if ("SUCCEEDED".equals(status)) return run;
          }
          return null;
        });
  }

  private JsonNode awaitVersionStatus(String group, int version) {
    return await(
        "a policy decision on " + group + " version " + version,
        () -> {
          JsonNode v;
          try {
            v =
                api.get(
                    config.training(), "/api/v1/model-groups/" + group + "/versions/" + version);
          } catch (FactoryClient.ApiError e) {
            if (e.status == 404) return null;
            throw e;
          }
          String status = v.path("status").asString();
          return "APPROVED".equals(status) || "REJECTED".equals(status) ? v : null;
        });
  }

  private void requireApproved(JsonNode version) {
    if (!"APPROVED".equals(version.path("status").asString())) {
      throw new IllegalStateException(
          "the promotion policy rejected version "
              + version.path("version").asInt()
              + "; see GET /api/v1/decisions on policy-service");
    }
  }

  private void awaitChampion(String group, int version) {
    await(
        "champion alias of " + group + " at version " + version,
        () -> champion(group) == version ? true : null);
  }

  private int champion(String group) {
    JsonNode g = api.get(config.training(), "/api/v1/model-groups/" + group);
    JsonNode aliases = g.path("aliases");
    if (aliases.isObject()) return aliases.path("champion").asInt(-1);
    for (JsonNode a : aliases) {
      if ("champion".equals(a.path("alias").asString())) return a.path("version").asInt(-1);
    }
    return -1;
  }

  private void awaitServing(String endpoint, int version) {
    await(
        "endpoint " + endpoint + " serving version " + version,
        () -> {
          JsonNode e = api.get(config.gateway(), "/api/v1/endpoints/" + endpoint);
          for (JsonNode d : e.path("deployments")) {
            if (d.path("version").asInt() == version && d.path("weight").asDouble(1) > 0)
              return true;
          }
          return null;
        });
  }

  private JsonNode awaitDrift(String group, DemoData data) {
    List<List<String>> drifted = data.drifted(data.holdout);
    long deadline = System.nanoTime() + config.stepTimeout().toNanos();
    int passes = 0;
    while (System.nanoTime() < deadline) {
      score(group, data, drifted, 1);
      passes++;
      List<JsonNode> reports =
          items(
              api.get(
                  config.monitoring(),
                  "/api/v1/drift-reports" + FactoryClient.query(Map.of("modelGroup", group))));
      if (!reports.isEmpty()) {
        return reports.get(0);
      }
      if (passes % 5 == 0) {
        step("…%d drifted requests sent, waiting for a monitoring window to close", predictions);
      }
    }
    throw new IllegalStateException(
        "no drift detected within "
            + config.stepTimeout().toSeconds()
            + " s; check GET /api/v1/windows on monitoring-service");
  }

  private <T> T await(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + config.stepTimeout().toNanos();
    long lastNote = System.nanoTime();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) return value;
      if (System.nanoTime() - lastNote > Duration.ofSeconds(15).toNanos()) {
        step("…still waiting for %s", what);
        lastNote = System.nanoTime();
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
    throw new IllegalStateException(
        "timed out after "
            + config.stepTimeout().toSeconds()
            + " s waiting for "
            + what
            + "; see the service logs (./factory logs)");
  }

  // ---- scoring through the gateway -----------------------------------------------------------

  record Scores(String objective, int count, double metric) {
    String metricName() {
      return "binary".equals(objective) ? "AUC" : "RMSE";
    }
  }

  /** Scores rows through the gateway, alternating the OIP and SageMaker-compatible paths. */
  private Scores score(String endpoint, DemoData data, List<List<String>> rows, int expectVersion) {
    List<double[]> pairs = new ArrayList<>();
    for (int from = 0, batch = 0; from < rows.size(); from += BATCH, batch++) {
      List<List<String>> chunk = rows.subList(from, Math.min(rows.size(), from + BATCH));
      double[] predicted =
          batch % 2 == 0 ? inferOip(endpoint, data, chunk) : invokeCsv(endpoint, data, chunk);
      if (predicted == null) {
        errors += chunk.size();
        continue;
      }
      predictions += predicted.length;
      for (int i = 0; i < predicted.length; i++) {
        pairs.add(new double[] {data.label(chunk.get(i)), predicted[i]});
      }
    }
    double metric = "binary".equals(data.objective) ? auc(pairs) : rmse(pairs);
    return new Scores(data.objective, pairs.size(), metric);
  }

  private double[] inferOip(String endpoint, DemoData data, List<List<String>> chunk) {
    ObjectNode body = api.json().createObjectNode();
    body.put("id", UUID.randomUUID().toString());
    ArrayNode inputs = body.putArray("inputs");
    for (int c = 0; c < data.header.size(); c++) {
      if (c == data.targetIndex) continue;
      ObjectNode input = inputs.addObject();
      input.put("name", data.header.get(c));
      input.putArray("shape").add(chunk.size());
      boolean numeric = data.numericColumns.contains(c);
      input.put("datatype", numeric ? "FP64" : "BYTES");
      ArrayNode values = input.putArray("data");
      for (List<String> row : chunk) {
        String v = row.get(c);
        if (numeric) {
          if (v.isEmpty()) values.addNull();
          else values.add(Double.parseDouble(v));
        } else {
          values.add(v);
        }
      }
    }
    FactoryClient.Response r =
        api.postRaw(
            config.gateway(),
            "/v2/models/" + endpoint + "/infer",
            "application/json",
            "application/json",
            body.toString().getBytes(StandardCharsets.UTF_8));
    if (r.status() != 200) {
      step("gateway OIP answered %d: %s", r.status(), abbreviate(r.body()));
      return null;
    }
    JsonNode out = r.json().path("outputs").path(0).path("data");
    double[] p = new double[out.size()];
    for (int i = 0; i < p.length; i++) p[i] = out.get(i).asDouble();
    return p;
  }

  private double[] invokeCsv(String endpoint, DemoData data, List<List<String>> chunk) {
    StringBuilder csv = new StringBuilder();
    for (List<String> row : chunk) {
      List<String> features = new ArrayList<>(row);
      features.remove(data.targetIndex);
      csv.append(String.join(",", features.stream().map(DemoLoop::csvField).toList())).append('\n');
    }
    FactoryClient.Response r =
        api.postRaw(
            config.gateway(),
            "/endpoints/" + endpoint + "/invocations",
            "text/csv",
            "application/json",
            csv.toString().getBytes(StandardCharsets.UTF_8));
    if (r.status() != 200) {
      step("gateway invocations answered %d: %s", r.status(), abbreviate(r.body()));
      return null;
    }
    JsonNode out = r.json().path("predictions");
    double[] p = new double[out.size()];
    for (int i = 0; i < p.length; i++) p[i] = out.get(i).asDouble();
    return p;
  }

  private static String csvField(String v) {
    return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  static double auc(List<double[]> labelScore) {
    List<double[]> sorted = new ArrayList<>(labelScore);
    sorted.sort((a, b) -> Double.compare(a[1], b[1]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j < sorted.size() && sorted.get(j)[1] == sorted.get(i)[1]) j++;
      double averageRank = (i + 1 + j) / 2.0; // ties share the mean rank
      for (int k = i; k < j; k++) {
        if (sorted.get(k)[0] >= 0.5) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = sorted.size() - positives;
    if (positives == 0 || negatives == 0) return Double.NaN;
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  static double rmse(List<double[]> labelScore) {
    double sum = 0;
    for (double[] p : labelScore) sum += (p[0] - p[1]) * (p[0] - p[1]);
    return Math.sqrt(sum / Math.max(1, labelScore.size()));
  }

  // ---- output --------------------------------------------------------------------------------

  private static void putMetric(ObjectNode result, String objective, String prefix, Scores s) {
    String key = prefix + ("binary".equals(objective) ? "Auc" : "Rmse");
    result.put(key, Math.round(s.metric() * 10000) / 10000.0);
  }

  private static String driftedFeatures(JsonNode drift) {
    List<String> names = new ArrayList<>();
    for (JsonNode f : drift.path("features")) {
      if (f.path("drifted").asBoolean()) names.add(f.path("name").asString());
    }
    return "drifted features " + names;
  }

  static List<JsonNode> items(JsonNode page) {
    List<JsonNode> list = new ArrayList<>();
    JsonNode items = page.has("items") ? page.path("items") : page;
    items.forEach(list::add);
    return list;
  }

  private double elapsed() {
    return (System.nanoTime() - started) / 1e9;
  }

  private void step(String format, Object... args) {
    out.printf(
        Locale.ROOT, "[demo %6.1fs] %s%n", elapsed(), String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private static String abbreviate(String s) {
    if (s == null) return "";
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
