package dev.aifactory.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Helm chart in deploy/helm/aifactory, linted and rendered by Helm's own Go library (helm-java,
 * no helm CLI and no cluster), with the manifests parsed back and checked for what the services
 * need to start: ports, probes, the environment each one reads, secrets only by reference, and the
 * AWS-only parts (IRSA, profile) only in AWS mode.
 */
class HelmChartIT {

  static final Path CHART = DeployFiles.root().resolve("helm/aifactory");
  static final Map<String, Integer> PORTS =
      Map.of(
          "policy-service", 8084,
          "ingestion-service", 8081,
          "training-service", 8082,
          "monitoring-service", 8083,
          "inference-gateway", 8080,
          "dashboard", 8085);
  static final Set<String> BACKENDS =
      Set.of(
          "policy-service",
          "ingestion-service",
          "training-service",
          "monitoring-service",
          "inference-gateway");

  @Test
  void chartPassesStrictLint() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultValuesRenderOneDeploymentPerServiceWithItsPortAndHealthProbes() {
    Rendered r = render(t -> t);

    assertThat(r.names("Deployment"))
        .containsExactlyInAnyOrderElementsOf(
            PORTS.keySet().stream().map(s -> "aifactory-" + s).toList());
    PORTS.forEach(
        (service, port) -> {
          Map<String, Object> container = r.container(service);
          assertThat(at(container, "ports", 0, "containerPort")).as(service).isEqualTo(port);
          assertThat(r.configData(service)).containsEntry("PORT", String.valueOf(port));
          assertThat(at(r.get("Service", "aifactory-" + service), "spec", "ports", 0, "port"))
              .isEqualTo(port);
          String ready =
              BACKENDS.contains(service) ? "/actuator/health/readiness" : "/actuator/health";
          String live =
              BACKENDS.contains(service) ? "/actuator/health/liveness" : "/actuator/health";
          assertThat(at(container, "readinessProbe", "httpGet", "path"))
              .as(service)
              .isEqualTo(ready);
          assertThat(at(container, "livenessProbe", "httpGet", "path")).as(service).isEqualTo(live);
          assertThat(at(container, "startupProbe", "httpGet", "path")).as(service).isEqualTo(live);
          assertThat(at(container, "resources", "limits", "memory")).as(service).isNotNull();
        });
  }

  @Test
  void everyServiceIsToldWhereTheDatabaseKafkaAndTheOtherServicesAre() {
    Rendered r =
        render(
            t ->
                t.set("postgresql.host", "db.internal")
                    .set("postgresql.database", "factory")
                    .set("kafka.bootstrapServers", "k1:9092,k2:9092"));

    for (String service : PORTS.keySet()) {
      Map<String, Object> env = r.configData(service);
      assertThat(env)
          .as(service)
          .containsEntry("AIFACTORY_POLICY_URL", "http://aifactory-policy-service:8084")
          .containsEntry("AIFACTORY_INGESTION_URL", "http://aifactory-ingestion-service:8081")
          .containsEntry("AIFACTORY_TRAINING_URL", "http://aifactory-training-service:8082")
          .containsEntry("AIFACTORY_MONITORING_URL", "http://aifactory-monitoring-service:8083")
          .containsEntry("AIFACTORY_GATEWAY_URL", "http://aifactory-inference-gateway:8080")
          .containsEntry("AIFACTORY_DASHBOARD_URL", "http://aifactory-dashboard:8085")
          .containsEntry("AIFACTORY_ISSUER", "http://aifactory-policy-service:8084")
          .doesNotContainKey("SPRING_PROFILES_ACTIVE");
    }
    for (String service : BACKENDS) {
      assertThat(r.configData(service))
          .as(service)
          .containsEntry("AIFACTORY_DB_HOST", "db.internal")
          .containsEntry("AIFACTORY_DB_PORT", "5432")
          .containsEntry("AIFACTORY_DB_NAME", "factory")
          .containsEntry("AIFACTORY_KAFKA_BOOTSTRAP", "k1:9092,k2:9092")
          .containsEntry("AIFACTORY_JWKS_URI", "http://aifactory-policy-service:8084/oauth2/jwks")
          .containsEntry("AIFACTORY_DATA_DIR", "/data");
      assertThat(r.secretRefs(service))
          .as(service)
          .containsEntry("AIFACTORY_DB_USER", "db-username")
          .containsEntry("AIFACTORY_DB_PASSWORD", "db-password");
    }
    assertThat(r.configData("dashboard"))
        .doesNotContainKeys("AIFACTORY_DB_HOST", "AIFACTORY_KAFKA_BOOTSTRAP");
    assertThat(r.secretRefs("dashboard")).isEmpty();
    assertThat(r.secretRefs("training-service"))
        .containsEntry("AIFACTORY_TRAINING_SERVICE_SECRET", "training-service-secret");
    assertThat(r.secretRefs("monitoring-service"))
        .containsEntry("AIFACTORY_MONITORING_SERVICE_SECRET", "monitoring-service-secret");
    assertThat(r.secretRefs("policy-service"))
        .containsKeys(
            "AIFACTORY_TRAINING_SERVICE_SECRET",
            "AIFACTORY_MONITORING_SERVICE_SECRET",
            "AIFACTORY_FACTORY_ADMIN_SECRET",
            "AIFACTORY_ALICE_PASSWORD",
            "AIFACTORY_ROOT_PASSWORD");
  }

  @Test
  void secretValuesReachOnlyTheSecretNeverAConfigMap() throws Exception {
    // values-local.yaml's development secrets, each replaced by a value found nowhere else
    Map<String, Object> local;
    try (var in = Files.newInputStream(CHART.resolve("values-local.yaml"))) {
      local = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    Set<String> keys = mapAt(local, "secrets", "values").keySet();
    Rendered r =
        render(
            t -> {
              t.withValuesFile(CHART.resolve("values-local.yaml"));
              keys.forEach(k -> t.set("secrets.values." + k, "only-in-the-secret-" + k));
              return t;
            });

    Map<String, Object> secret = r.get("Secret", "aifactory-secrets");
    @SuppressWarnings("unchecked")
    Map<String, Object> secretValues = (Map<String, Object>) secret.get("stringData");
    assertThat(secretValues)
        .containsKeys("db-password", "training-service-secret", "root-password");
    Set<Object> values = new HashSet<>(secretValues.values());
    for (Map<String, Object> cm : r.all("ConfigMap")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) cm.get("data");
      assertThat(data.keySet())
          .as(name(cm))
          .noneMatch(k -> k.contains("PASSWORD") || k.contains("SECRET") || k.contains("JAAS"));
      assertThat(data.values()).as(name(cm)).doesNotContainAnyElementsOf(values);
    }
    // every key a Deployment references exists in the rendered Secret
    for (String service : PORTS.keySet()) {
      assertThat(secretValues.keySet()).as(service).containsAll(r.secretRefs(service).values());
    }
    assertThat(render(t -> t).names("Secret")).as("no Secret rendered by default").isEmpty();
  }

  @Test
  void awsModeSetsTheProfileTheAdapterSettingsAndAnIrsaRolePerService() {
    Rendered aws = render(t -> t.withValuesFile(CHART.resolve("values-aws.yaml")));

    for (String service : BACKENDS) {
      assertThat(aws.configData(service))
          .as(service)
          .containsEntry("SPRING_PROFILES_ACTIVE", "aws")
          .containsEntry("AIFACTORY_AWS_REGION", "us-east-1");
      assertThat(annotations(aws.get("ServiceAccount", "aifactory-" + service)))
          .as(service)
          .containsEntry(
              "eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/aifactory-" + service);
      assertThat(aws.configData(service).get("AIFACTORY_DB_HOST").toString())
          .endsWith(".rds.amazonaws.com");
    }
    assertThat(annotations(aws.get("ServiceAccount", "aifactory-dashboard")))
        .doesNotContainKey("eks.amazonaws.com/role-arn");
    assertThat(aws.configData("ingestion-service"))
        .containsEntry("AIFACTORY_DATASET_BUCKET", "aifactory-data-123456789012-us-east-1");
    assertThat(aws.configData("training-service"))
        .containsEntry(
            "AIFACTORY_SAGEMAKER_ROLE_ARN",
            "arn:aws:iam::123456789012:role/aifactory-sagemaker-execution")
        .containsEntry(
            "AIFACTORY_SAGEMAKER_OUTPUT_URI",
            "s3://aifactory-models-123456789012-us-east-1/pipelines")
        .containsEntry(
            "AIFACTORY_SAGEMAKER_CODE_URI", "s3://aifactory-models-123456789012-us-east-1/code");
    assertThat(aws.configData("policy-service"))
        .containsEntry(
            "AIFACTORY_POLICY_SNS_TOPIC_ARN",
            "arn:aws:sns:us-east-1:123456789012:aifactory-notifications");
    assertThat(aws.configData("inference-gateway"))
        .containsEntry("AIFACTORY_GATEWAY_SAGEMAKER_REGION", "us-east-1");
    // RDS over TLS: the JDBC URL keeps each service's schema
    assertThat(aws.configData("training-service").get("SPRING_DATASOURCE_URL"))
        .isEqualTo(
            "jdbc:postgresql://aifactory.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com:5432/aifactory?currentSchema=training&sslmode=require");
    assertThat(aws.configData("monitoring-service"))
        .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SSL");

    // the same values with profile local: role ARNs and AWS settings present but not applied
    Rendered local =
        render(t -> t.withValuesFile(CHART.resolve("values-aws.yaml")).set("profile", "local"));
    for (String service : PORTS.keySet()) {
      assertThat(annotations(local.get("ServiceAccount", "aifactory-" + service)))
          .as(service)
          .doesNotContainKey("eks.amazonaws.com/role-arn");
      assertThat(local.configData(service))
          .as(service)
          .doesNotContainKeys(
              "SPRING_PROFILES_ACTIVE",
              "AWS_REGION",
              "AIFACTORY_AWS_REGION",
              "AIFACTORY_DATASET_BUCKET",
              "AIFACTORY_SAGEMAKER_ROLE_ARN",
              "AIFACTORY_POLICY_SNS_TOPIC_ARN");
    }
  }

  @Test
  void awsModeWithoutTheStackOutputsRefusesToRender() {
    assertThatThrownBy(() -> render(t -> t.set("profile", "aws")))
        .hasMessageContaining("aws.datasetBucket is required with profile aws");
  }

  @Test
  void saslKafkaTakesItsCredentialsFromTheSecret() {
    Rendered r =
        render(
            t ->
                t.set("kafka.securityProtocol", "SASL_SSL")
                    .set("kafka.saslMechanism", "SCRAM-SHA-512"));

    for (String service : BACKENDS) {
      assertThat(r.configData(service))
          .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
          .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
      assertThat(r.secretRefs(service))
          .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "kafka-sasl-jaas-config");
    }
  }

  @Test
  void autoscalersAndServiceMonitorsAppearOnlyWhenSwitchedOn() {
    Rendered off = render(t -> t);
    assertThat(off.all("HorizontalPodAutoscaler")).isEmpty();
    assertThat(off.all("ServiceMonitor")).isEmpty();
    assertThat(at(off.get("Deployment", "aifactory-inference-gateway"), "spec", "replicas"))
        .isEqualTo(2);

    Rendered on =
        render(t -> t.set("autoscaling.enabled", true).set("serviceMonitor.enabled", true));
    assertThat(on.names("HorizontalPodAutoscaler"))
        .containsExactlyInAnyOrder(
            "aifactory-policy-service",
            "aifactory-ingestion-service",
            "aifactory-monitoring-service",
            "aifactory-inference-gateway");
    // the autoscaler owns the replica count of the services it scales
    assertThat(mapAt(on.get("Deployment", "aifactory-inference-gateway"), "spec"))
        .doesNotContainKey("replicas");
    assertThat(at(on.get("Deployment", "aifactory-training-service"), "spec", "replicas"))
        .isEqualTo(1);
    assertThat(on.names("ServiceMonitor")).hasSize(PORTS.size());
    for (Map<String, Object> sm : on.all("ServiceMonitor")) {
      assertThat(at(sm, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
      assertThat(at(sm, "spec", "endpoints", 0, "port")).isEqualTo("http");
    }
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootWithAWritableTmpAndADisruptionBudget() {
    Rendered r = render(t -> t);

    for (String service : PORTS.keySet()) {
      Map<String, Object> pod =
          mapAt(r.get("Deployment", "aifactory-" + service), "spec", "template", "spec");
      assertThat(at(pod, "securityContext", "runAsNonRoot")).as(service).isEqualTo(true);
      assertThat(at(pod, "serviceAccountName")).isEqualTo("aifactory-" + service);
      Map<String, Object> container = r.container(service);
      assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
      assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
      assertThat(at(container, "securityContext", "capabilities", "drop"))
          .isEqualTo(List.of("ALL"));
      assertThat(list(container, "volumeMounts"))
          .anySatisfy(
              m -> assertThat(m).containsEntry("mountPath", "/tmp").containsEntry("name", "tmp"));
      assertThat(list(pod, "volumes"))
          .anySatisfy(v -> assertThat(v).containsEntry("name", "tmp").containsKey("emptyDir"));
      assertThat(at(r.get("PodDisruptionBudget", "aifactory-" + service), "spec", "maxUnavailable"))
          .isEqualTo(1);
    }
  }

  @Test
  void theServiceImageRunsAsTheUserThePodsRequireAndWritesOnlyWhereTheChartMountsVolumes()
      throws Exception {
    List<String> dockerfile = Files.readAllLines(DeployFiles.root().resolve("docker/Dockerfile"));
    Map<String, Object> pod =
        mapAt(
            render(t -> t).get("Deployment", "aifactory-ingestion-service"),
            "spec",
            "template",
            "spec");

    Object uid = at(pod, "securityContext", "runAsUser");
    assertThat(dockerfile).contains("USER " + uid + ":" + uid);
    assertThat(dockerfile)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("-Djava.io.tmpdir=/tmp")
                    .contains("AIFACTORY_DATA_DIR=/data"));
    assertThat(list(mapAt(pod, "containers", 0), "volumeMounts"))
        .extracting(m -> m.get("mountPath"))
        .containsExactlyInAnyOrder("/tmp", "/data");
  }

  // ---- rendering and reading the manifests ----

  static Rendered render(UnaryOperator<TemplateCommand> values) {
    String yaml =
        values
            .apply(new Helm(CHART).template().withName("aifactory").withNamespace("aifactory"))
            .call();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      if (doc instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = (Map<String, Object>) m;
        docs.add(manifest);
      }
    }
    return new Rendered(docs);
  }

  record Rendered(List<Map<String, Object>> docs) {

    List<Map<String, Object>> all(String kind) {
      return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Set<String> names(String kind) {
      return all(kind).stream().map(HelmChartIT::name).collect(Collectors.toSet());
    }

    Map<String, Object> get(String kind, String name) {
      return all(kind).stream()
          .filter(d -> name.equals(name(d)))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names(kind)));
    }

    Map<String, Object> container(String service) {
      return mapAt(
          get("Deployment", "aifactory-" + service), "spec", "template", "spec", "containers", 0);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> configData(String service) {
      Map<String, Object> data =
          (Map<String, Object>) get("ConfigMap", "aifactory-" + service).get("data");
      // the Deployment must actually load that ConfigMap
      assertThat(list(container(service), "envFrom"))
          .anySatisfy(
              e -> assertThat(at(e, "configMapRef", "name")).isEqualTo("aifactory-" + service));
      return data;
    }

    /** env name -> key in the referenced Secret. */
    Map<String, String> secretRefs(String service) {
      Map<String, Object> container = container(service);
      if (!container.containsKey("env")) return Map.of();
      return list(container, "env").stream()
          .filter(e -> e.containsKey("valueFrom"))
          .collect(
              Collectors.toMap(
                  e -> (String) e.get("name"),
                  e -> {
                    assertThat(at(e, "valueFrom", "secretKeyRef", "name"))
                        .isEqualTo("aifactory-secrets");
                    return (String) at(e, "valueFrom", "secretKeyRef", "key");
                  }));
    }
  }

  static String name(Map<String, Object> manifest) {
    return (String) at(manifest, "metadata", "name");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> annotations(Map<String, Object> manifest) {
    Object a = ((Map<String, Object>) manifest.get("metadata")).get("annotations");
    return a == null ? Map.of() : (Map<String, Object>) a;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> node, String key) {
    Object value = node.get(key);
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  /** Walks maps by key and lists by index; fails with the path when a step is missing. */
  static Object at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      if (step instanceof Integer i && current instanceof List<?> l && i < l.size()) {
        current = l.get(i);
      } else if (current instanceof Map<?, ?> m && m.containsKey(step)) {
        current = m.get(step);
      } else {
        throw new AssertionError("no " + step + " in " + current + " (path " + List.of(path) + ")");
      }
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> mapAt(Object node, Object... path) {
    return (Map<String, Object>) at(node, path);
  }
}
