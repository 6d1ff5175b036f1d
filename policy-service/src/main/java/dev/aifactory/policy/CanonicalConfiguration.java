package dev.aifactory.policy;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class CanonicalConfiguration {

  @Bean
  Canonical canonical(JsonMapper json) {
    return new Canonical(json);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
