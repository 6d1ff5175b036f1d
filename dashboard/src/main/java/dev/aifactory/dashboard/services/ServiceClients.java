package dev.aifactory.dashboard.services;

import dev.aifactory.dashboard.DashboardProperties;
import java.net.URI;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** One client per service, all with the same timeouts and error translation. */
@Configuration(proxyBeanMethods = false)
class ServiceClients {

  private final RestClient.Builder builder;
  private final RestClient.Builder uploads;
  private final DashboardProperties properties;
  private final ProblemMessages problems;

  ServiceClients(RestClient.Builder builder, DashboardProperties properties, JsonMapper json) {
    this.properties = properties;
    this.problems = new ProblemMessages(json);
    // A service that hangs must not hang the page: its part shows as unavailable instead.
    HttpClientSettings settings =
        HttpClientSettings.defaults()
            .withConnectTimeout(java.time.Duration.ofSeconds(2))
            .withReadTimeout(properties.callTimeout());
    this.builder = builder.clone().requestFactory(factory(settings));
    // The JDK client's timeout covers sending the body too: a large upload needs longer.
    this.uploads =
        builder
            .clone()
            .requestFactory(factory(settings.withReadTimeout(properties.uploadTimeout())));
  }

  private static org.springframework.http.client.ClientHttpRequestFactory factory(
      HttpClientSettings settings) {
    return ClientHttpRequestFactoryBuilder.jdk()
        // plain HTTP/1.1: no h2c upgrade attempt on every call to the services
        .withHttpClientCustomizer(c -> c.version(java.net.http.HttpClient.Version.HTTP_1_1))
        .build(settings);
  }

  private ServiceClient client(String name, URI base) {
    String root = base.toString().replaceAll("/+$", "");
    return new ServiceClient(
        name, URI.create(root), builder.clone().build(), uploads.clone().build(), problems);
  }

  @Bean
  IngestionApi ingestionApi() {
    return new IngestionApi(client("ingestion-service", properties.ingestionUrl()));
  }

  @Bean
  TrainingApi trainingApi() {
    return new TrainingApi(client("training-service", properties.trainingUrl()));
  }

  @Bean
  GatewayApi gatewayApi() {
    return new GatewayApi(client("inference-gateway", properties.gatewayUrl()));
  }

  @Bean
  MonitoringApi monitoringApi() {
    return new MonitoringApi(client("monitoring-service", properties.monitoringUrl()));
  }

  @Bean
  PolicyApi policyApi() {
    return new PolicyApi(client("policy-service", properties.policyUrl()));
  }
}
