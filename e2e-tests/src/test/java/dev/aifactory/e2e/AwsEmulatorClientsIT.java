package dev.aifactory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One real call through each AWS SDK v2 client the platform uses (BOM 2.40.2, see ADR 0001),
 * against the local AWS emulator (moto server), reading back what was created. Skips with a message
 * where {@code moto_server} is not installed.
 */
class AwsEmulatorClientsIT {

  static Process moto;
  static URI endpoint;

  @BeforeAll
  static void startEmulator() throws Exception {
    String executable = findOnPath("moto_server");
    assumeTrue(executable != null, "moto_server is not installed here; AWS client checks skipped");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    moto =
        new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    endpoint = URI.create("http://127.0.0.1:" + port);
    org.awaitility.Awaitility.await("moto_server on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!moto.isAlive()) throw new IllegalStateException("moto_server exited");
              try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
              } catch (java.io.IOException notYet) {
                return false;
              }
            });
  }

  @AfterAll
  static void stopEmulator() {
    if (moto != null) moto.destroy();
  }

  private static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  @Test
  void s3StoresAndReadsBackAnObject() {
    try (S3Client s3 = client(S3Client.builder().forcePathStyle(true))) {
      s3.createBucket(b -> b.bucket("aifactory-datasets"));
      s3.putObject(
          b -> b.bucket("aifactory-datasets").key("demo/v1.csv"),
          software.amazon.awssdk.core.sync.RequestBody.fromString("a,b\n1,2\n"));
      String content =
          s3.getObjectAsBytes(b -> b.bucket("aifactory-datasets").key("demo/v1.csv"))
              .asString(StandardCharsets.UTF_8);
      assertThat(content).isEqualTo("a,b\n1,2\n");
    }
  }

  @Test
  void stsNamesTheCaller() {
    try (StsClient sts = client(StsClient.builder())) {
      assertThat(sts.getCallerIdentity().account()).isNotBlank();
    }
  }

  @Test
  void glueCatalogsADatabaseAndTable() {
    try (GlueClient glue = client(GlueClient.builder())) {
      glue.createDatabase(b -> b.databaseInput(d -> d.name("aifactory_demo")));
      glue.createTable(
          b ->
              b.databaseName("aifactory_demo")
                  .tableInput(
                      t ->
                          t.name("churn")
                              .storageDescriptor(
                                  s ->
                                      s.location("s3://aifactory-datasets/demo/")
                                          .columns(c -> c.name("tenure_months").type("double")))));
      assertThat(glue.getTable(b -> b.databaseName("aifactory_demo").name("churn")).table().name())
          .isEqualTo("churn");
    }
  }

  @Test
  void lakeFormationKeepsAnLfTag() {
    try (LakeFormationClient lf = client(LakeFormationClient.builder())) {
      lf.createLFTag(b -> b.tagKey("domain").tagValues("growth", "risk"));
      assertThat(lf.getLFTag(b -> b.tagKey("domain")).tagValues()).contains("growth", "risk");
    }
  }

  @Test
  void sageMakerRegistersAModelPackageGroup() {
    try (SageMakerClient sm = client(SageMakerClient.builder())) {
      sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn"));
      assertThat(
              sm.describeModelPackageGroup(b -> b.modelPackageGroupName("churn"))
                  .modelPackageGroupName())
          .isEqualTo("churn");
    }
  }

  @Test
  void sageMakerRuntimeInvokesAnEndpoint() {
    try (SageMakerRuntimeClient runtime = client(SageMakerRuntimeClient.builder())) {
      var response =
          runtime.invokeEndpoint(
              b ->
                  b.endpointName("churn")
                      .contentType("text/csv")
                      .body(SdkBytes.fromUtf8String("1,2,3")));
      assertThat(response.body()).isNotNull();
    }
  }

  @Test
  void cloudWatchAcceptsAndListsAMetric() {
    try (CloudWatchClient cw = client(CloudWatchClient.builder())) {
      cw.putMetricData(
          b ->
              b.namespace("aifactory")
                  .metricData(
                      MetricDatum.builder()
                          .metricName("gateway.requests")
                          .unit(StandardUnit.COUNT)
                          .value(1.0)
                          .build()));
      assertThat(cw.listMetrics(b -> b.namespace("aifactory")).metrics())
          .anySatisfy(m -> assertThat(m.metricName()).isEqualTo("gateway.requests"));
    }
  }

  @Test
  void snsCreatesAndListsATopic() {
    try (SnsClient sns = client(SnsClient.builder())) {
      String arn = sns.createTopic(b -> b.name("aifactory-notifications")).topicArn();
      assertThat(sns.listTopics().topics())
          .anySatisfy(t -> assertThat(t.topicArn()).isEqualTo(arn));
    }
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) return null;
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) return f.getAbsolutePath();
    }
    return null;
  }
}
