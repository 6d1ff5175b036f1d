package dev.aifactory.gateway.admission;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deployment admission at policy, asked as client {@code clientId} (role service) on behalf of the
 * endpoint's team before a deployment changes what an endpoint serves.
 *
 * @param enabled false admits every deployment without asking policy
 * @param policyUrl policy-service: {@code /oauth2/token} and {@code /api/v1/admissions/deployment}
 * @param timeout connect and request timeout of each call
 * @param retryAfter what a 503 tells the caller to wait when policy cannot be reached
 * @param eventRetryMaxInterval longest wait between attempts of an event (a champion move) that
 *     could not be admitted because policy was unreachable
 * @param eventRetryFor how long such an event is retried before it goes to the dead-letter topic
 *     (from where policy's dead-letter replay can send it again)
 */
@ConfigurationProperties("aifactory.gateway.admission")
public record AdmissionProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("http://127.0.0.1:8084") URI policyUrl,
    @DefaultValue("inference-gateway") String clientId,
    @DefaultValue("inference-gateway-secret") String clientSecret,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("10s") Duration retryAfter,
    @DefaultValue("30s") Duration eventRetryMaxInterval,
    @DefaultValue("1h") Duration eventRetryFor) {}
