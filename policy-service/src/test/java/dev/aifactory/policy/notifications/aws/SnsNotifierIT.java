package dev.aifactory.policy.notifications.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aifactory.common.testing.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SNS notifier with the real SDK against the local AWS emulator: an SQS queue subscribed to the
 * topic receives the published event. Skips where {@code moto_server} is not installed.
 */
class SnsNotifierIT {

  static MotoServer moto;

  @BeforeAll
  static void startEmulator() throws Exception {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopEmulator() {
    if (moto != null) {
      moto.close();
    }
  }

  static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return moto.configure(builder).build();
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
