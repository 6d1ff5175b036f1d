package dev.aifactory.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Platform-wide defaults every service shares (Kafka serialization and durability, Flyway
 * locations, token validation, actuator exposure), added with the lowest precedence so that a
 * service's own configuration, environment variables and test properties override them.
 */
public class AifactoryDefaults implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "aifactoryDefaults";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", "${AIFACTORY_KAFKA_BOOTSTRAP:127.0.0.1:9092}");
    p.put(
        "spring.kafka.producer.key-serializer",
        "org.apache.kafka.common.serialization.StringSerializer");
    p.put(
        "spring.kafka.producer.value-serializer",
        "org.apache.kafka.common.serialization.StringSerializer");
    p.put("spring.kafka.producer.acks", "all");
    p.put("spring.kafka.producer.properties.enable.idempotence", "true");
    p.put("spring.kafka.producer.properties.linger.ms", "5");
    p.put(
        "spring.kafka.consumer.key-deserializer",
        "org.apache.kafka.common.serialization.StringDeserializer");
    p.put(
        "spring.kafka.consumer.value-deserializer",
        "org.apache.kafka.common.serialization.StringDeserializer");
    p.put("spring.kafka.consumer.auto-offset-reset", "earliest");
    p.put("spring.kafka.consumer.enable-auto-commit", "false");
    p.put("spring.kafka.consumer.properties.isolation.level", "read_committed");
    // Topic creation at start-up must not hold a service for a minute when the broker is late.
    p.put("spring.kafka.admin.operation-timeout", "10s");
    p.put("spring.kafka.admin.close-timeout", "5s");
    p.put("spring.kafka.template.observation-enabled", "true");
    p.put("spring.kafka.listener.observation-enabled", "true");
    p.put("spring.flyway.locations", "classpath:db/migration,classpath:db/aifactory-common");
    // common's migrations (V0_x) are numbered below every service's own, so a later V0_x must be
    // applied after a service's V1..Vn already ran: out of order by design (ADR 0003).
    p.put("spring.flyway.out-of-order", "true");
    // A configured public key (tests, air-gapped installs) wins over the JWKS of policy-service.
    if (!environment.containsProperty(
        "spring.security.oauth2.resourceserver.jwt.public-key-location")) {
      p.put(
          "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
          "${AIFACTORY_JWKS_URI:http://127.0.0.1:8084/oauth2/jwks}");
    }
    p.put("spring.datasource.username", "${AIFACTORY_DB_USER:aifactory}");
    p.put("spring.datasource.password", "${AIFACTORY_DB_PASSWORD:aifactory}");
    // ProblemHandling replaces Boot's own problem-details advice.
    p.put("spring.mvc.problemdetails.enabled", "false");
    p.put("server.error.include-stacktrace", "never");
    p.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
    p.put("management.endpoint.health.probes.enabled", "true");
    p.put("management.info.env.enabled", "true");
    p.put("management.metrics.tags.application", "${spring.application.name:aifactory}");
    p.put("logging.pattern.level", "%5p [%X{requestId:-}]");
    // Every request and event is traced; without an exporter the ids still reach logs and headers.
    p.put("management.tracing.sampling.probability", "1.0");
    p.put("springdoc.api-docs.path", "/v3/api-docs");
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, p));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
