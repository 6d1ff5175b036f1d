package dev.aifactory.monitoring.alarm.cloudwatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.common.aws.AwsProperties;
import dev.aifactory.monitoring.alarm.AlarmsUnavailable;
import dev.aifactory.monitoring.alarm.MetricAlarm;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** Throttling, which the emulator cannot produce: CloudWatch stubbed by WireMock. */
class CloudWatchAlarmsThrottlingIT {

  private static final String THROTTLED =
      """
      <ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
        <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
        <RequestId>throttled</RequestId>
      </ErrorResponse>
      """;
  private static final String OK =
      """
      <PutMetricAlarmResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
        <ResponseMetadata><RequestId>ok</RequestId></ResponseMetadata>
      </PutMetricAlarmResponse>
      """;
  private static final MetricAlarm ALARM =
      new MetricAlarm(
          "aifactory-growth-churn-error-rate",
          "Error rate of endpoint churn",
          "aifactory.monitoring.endpoint.error.rate",
          Map.of("team", "growth", "endpoint", "churn"),
          0.05,
          60,
          1);

  private WireMockServer cloudWatch;
  private CloudWatchClient client;

  @BeforeEach
  void start() {
    cloudWatch = new WireMockServer(options().dynamicPort());
    cloudWatch.start();
    client =
        new AwsClientConfigurer(
                new AwsProperties(
                    "us-east-1", URI.create(cloudWatch.baseUrl()), "testing", "testing"))
            .configure(CloudWatchClient.builder())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    cloudWatch.stop();
  }

  @Test
  void aThrottledPutIsRetriedUntilItPasses() {
    stubThrottled(Scenario.STARTED, "second");
    stubThrottled("second", "third");
    cloudWatch.stubFor(
        post(urlEqualTo("/"))
            .inScenario("throttling")
            .whenScenarioStateIs("third")
            .willReturn(aResponse().withStatus(200).withBody(OK)));

    new CloudWatchAlarms(client, "aifactory").put(ALARM);

    cloudWatch.verify(
        3, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=PutMetricAlarm")));
  }

  @Test
  void throttlingPastTheRetriesIsAlarmsUnavailableNotACrash() {
    cloudWatch.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withStatus(400).withBody(THROTTLED)));

    assertThatThrownBy(() -> new CloudWatchAlarms(client, "aifactory").put(ALARM))
        .isInstanceOf(AlarmsUnavailable.class)
        .hasMessageContaining(ALARM.name());
    assertThat(cloudWatch.findAll(postRequestedFor(urlEqualTo("/")))).hasSizeGreaterThan(1);
  }

  private void stubThrottled(String state, String next) {
    cloudWatch.stubFor(
        post(urlEqualTo("/"))
            .inScenario("throttling")
            .whenScenarioStateIs(state)
            .willReturn(aResponse().withStatus(400).withBody(THROTTLED))
            .willSetStateTo(next));
  }
}
