package dev.aifactory.dashboard;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the five services answer, and how long the dashboard waits for one of them before it shows
 * that service's part of a page as unavailable. People sign in at the identity provider ({@code
 * issuerUrl}, policy-service unless set) as the public OAuth2 client {@code clientId}. A dataset
 * file uploaded through the dashboard may be at most {@code maxUploadSize} (ingestion's own limit
 * is 512 MB) and is sent on to ingestion within {@code uploadTimeout}.
 */
@ConfigurationProperties("aifactory.dashboard")
public record DashboardProperties(
    @DefaultValue("http://127.0.0.1:8084") URI policyUrl,
    @DefaultValue("http://127.0.0.1:8081") URI ingestionUrl,
    @DefaultValue("http://127.0.0.1:8082") URI trainingUrl,
    @DefaultValue("http://127.0.0.1:8080") URI gatewayUrl,
    @DefaultValue("http://127.0.0.1:8083") URI monitoringUrl,
    @DefaultValue("10s") Duration callTimeout,
    URI issuerUrl,
    @DefaultValue("dashboard") String clientId,
    @DefaultValue("512MB") DataSize maxUploadSize,
    @DefaultValue("10m") Duration uploadTimeout) {

  /** The OpenID issuer: {@code issuerUrl} when set, else policy-service's URL. */
  public URI issuer() {
    URI issuer = issuerUrl == null || issuerUrl.toString().isBlank() ? policyUrl : issuerUrl;
    return URI.create(issuer.toString().replaceAll("/+$", ""));
  }
}
