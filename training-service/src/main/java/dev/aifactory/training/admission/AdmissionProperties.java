package dev.aifactory.training.admission;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admission of training runs before launch: the grant check at ingestion and the admission decision
 * at policy, both called as client {@code clientId} (role service) on behalf of the run's team.
 *
 * @param enabled false skips both checks (every run is admitted)
 * @param policyUrl policy-service: {@code /oauth2/token} and {@code /api/v1/admissions/training}
 * @param ingestionUrl ingestion-service: {@code /api/v1/datasets/{id}/versions/{v}/access}
 * @param timeout connect and request timeout of each call
 * @param retryDelay how long a run waits in the queue when policy or ingestion cannot be reached
 * @param giveUpAfter a run that could not be admitted for this long (since it was queued) fails
 */
@ConfigurationProperties("aifactory.training.admission")
public record AdmissionProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("http://127.0.0.1:8084") URI policyUrl,
    @DefaultValue("http://127.0.0.1:8081") URI ingestionUrl,
    @DefaultValue("training-service") String clientId,
    @DefaultValue("training-service-secret") String clientSecret,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("10s") Duration retryDelay,
    @DefaultValue("1h") Duration giveUpAfter) {}
