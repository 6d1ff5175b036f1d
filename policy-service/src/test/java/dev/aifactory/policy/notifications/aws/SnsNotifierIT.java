package dev.aifactory.policy.notifications.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SNS notifier with the real SDK against the local AWS emulator: an SQS queue subscribed to the
 * topic receives the published event. Skips where {@code moto_server} is not installed.
 */
class SnsNotifierIT {

  static Process moto;
  static URI endpoint;

  @BeforeAll
  static void startEmulator() throws Exception {
    String executable = findOnPath("moto_server");
    assumeTrue(executable != null, "moto_server is not installed here; SNS notifier test skipped");
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
    await("moto_server on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!moto.isAlive()) {
                throw new IllegalStateException("moto_server exited");
              }
              try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
              } catch (IOException notYet) {
                return false;
              }
            });
  }

  @AfterAll
  static void stopEmulator() {
    if (moto != null) {
      moto.destroy();
    }
  }

  static String findOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  @Test
  void aQueueSubscribedToTheTopicReceivesThePublishedEvent() {
    try (SnsClient sns = client(SnsClient.builder());
        SqsClient sqs = client(SqsClient.builder())) {
      String topicArn = sns.createTopic(b -> b.name("aifactory-policy-events")).topicArn();
      String queueUrl = sqs.createQueue(b -> b.queueName("policy-events-test")).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      sns.subscribe(
          b ->
              b.topicArn(topicArn)
                  .protocol("sqs")
                  .endpoint(queueArn)
                  .attributes(Map.of("RawMessageDelivery", "true")));

      String message =
          "{\"specversion\":\"1.0\",\"type\":\"dev.aifactory.model.version-approved.v1\","
              + "\"subject\":\"churn\",\"data\":{\"team\":\"demo\",\"version\":3}}";
      new SnsNotifier(sns, topicArn).publish("model.version-approved", "demo", "churn", message);

      List<Message> received =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () ->
                      sqs.receiveMessage(
                              b ->
                                  b.queueUrl(queueUrl)
                                      .waitTimeSeconds(1)
                                      .messageAttributeNames("All"))
                          .messages(),
                  messages -> !messages.isEmpty());
      assertThat(received.get(0).body()).isEqualTo(message);
      assertThat(received.get(0).messageAttributes().get("eventType").stringValue())
          .isEqualTo("model.version-approved");
      assertThat(received.get(0).messageAttributes().get("team").stringValue()).isEqualTo("demo");
    }
  }
}
