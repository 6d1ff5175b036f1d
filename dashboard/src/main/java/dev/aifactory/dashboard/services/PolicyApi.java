package dev.aifactory.dashboard.services;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.JsonNode;

/** policy-service: decisions, the hash-chained audit log and the policies. */
public final class PolicyApi {

  public record Decision(
      String decisionId,
      String team,
      String subject,
      String attachmentPoint,
      String policy,
      int policyVersion,
      String effect,
      Map<String, Object> inputs,
      String inputsDigest,
      List<String> reasons,
      Instant createdAt,
      String mode,
      String evaluated) {}

  public record AuditEvent(
      long seq,
      String id,
      Instant at,
      String actor,
      String action,
      String subject,
      String team,
      JsonNode details,
      String prevHash,
      String hash) {}

  public record Verification(boolean valid, long checked, Long firstBrokenSeq) {}

  public record Policy(
      String name,
      int version,
      String attachmentPoint,
      String expression,
      String description,
      String mode,
      String scope,
      String createdBy,
      Instant createdAt) {}

  private final ServiceClient client;

  PolicyApi(ServiceClient client) {
    this.client = client;
  }

  public Page<Decision> decisions(String token, int size) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<Decision>>() {},
        "/api/v1/decisions?size={size}",
        size);
  }

  public Page<AuditEvent> auditEvents(String token, int page, int size) {
    return client.get(
        token,
        new ParameterizedTypeReference<Page<AuditEvent>>() {},
        "/api/v1/audit-events?page={page}&size={size}",
        page,
        size);
  }

  public Verification verifyAudit(String token) {
    return client.get(token, Verification.class, "/api/v1/audit-events/verify");
  }

  public Page<Policy> policies(String token) {
    return client.get(token, new ParameterizedTypeReference<Page<Policy>>() {}, "/api/v1/policies");
  }
}
