package dev.aifactory.monitoring.budget;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where budgets come from: policy-service owns them; monitoring reads them with its own client.
 *
 * @param enabled whether monitoring checks spend against budgets at all
 * @param policyUrl policy-service ({@code /oauth2/token} and {@code /api/v1/budgets/{team}})
 * @param clientId this service's client at policy
 * @param clientSecret its secret ({@code AIFACTORY_MONITORING_SERVICE_SECRET})
 * @param timeout per call to policy
 * @param cacheTtl how long a team's limits are reused before asking policy again
 * @param checkInterval how often every team's spend this month is compared with its limits
 */
@ConfigurationProperties("aifactory.monitoring.budgets")
public record BudgetProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("http://127.0.0.1:8084") URI policyUrl,
    @DefaultValue("monitoring-service") String clientId,
    @DefaultValue("monitoring-service-secret") String clientSecret,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("5m") Duration cacheTtl,
    @DefaultValue("1m") Duration checkInterval) {}
