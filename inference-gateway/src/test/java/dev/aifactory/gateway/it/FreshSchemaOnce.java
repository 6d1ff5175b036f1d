package dev.aifactory.gateway.it;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Empties the context's schema before migrating it, once per schema per test JVM: the first context
 * of a run starts from no rows, the later ones (other property sets, a restarted gateway) keep what
 * the run made. Why: the test database outlives a run, and rows an earlier run left, such as
 * rollouts still RUNNING, would otherwise be picked up by this run's rollout timer. Needs {@code
 * spring.flyway.clean-disabled=false}, which only the tests set.
 */
@TestConfiguration(proxyBeanMethods = false)
class FreshSchemaOnce {

  private static final Set<List<String>> CLEANED = ConcurrentHashMap.newKeySet();

  @Bean
  FlywayMigrationStrategy cleanOnceThenMigrate() {
    return flyway -> {
      if (CLEANED.add(schemas(flyway))) {
        flyway.clean();
      }
      flyway.migrate();
    };
  }

  private static List<String> schemas(Flyway flyway) {
    return List.of(flyway.getConfiguration().getSchemas());
  }
}
