package dev.aifactory.policy.rules;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.audit.AuditTrail;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads policies and changes them: a change compiles first, then becomes a new audited version. */
@Service
public class PolicyManagement {

  private final Policies policies;
  private final PolicyEngine engine;
  private final AuditTrail audit;
  private final Clock clock;

  PolicyManagement(Policies policies, PolicyEngine engine, AuditTrail audit, Clock clock) {
    this.policies = policies;
    this.engine = engine;
    this.audit = audit;
    this.clock = clock;
  }

  /** A policy with all its versions, newest first. */
  public record PolicyHistory(Policy current, List<Policy> versions) {}

  public List<Policy> list() {
    return policies.current();
  }

  public PolicyHistory get(String name) {
    List<Policy> versions = policies.versions(name);
    if (versions.isEmpty()) {
      throw ApiException.notFound("Policy", name);
    }
    return new PolicyHistory(versions.get(0), versions);
  }

  /** The policy evaluated at runtime; a missing seed is a deployment error, not bad input. */
  public Policy current(String name) {
    return policies
        .current(name)
        .orElseThrow(() -> new IllegalStateException("Policy " + name + " is not defined"));
  }

  @Transactional
  public Policy update(String name, String expression, String description, Caller caller) {
    if (!caller.roles().contains(Caller.ADMIN)) {
      throw ApiException.forbidden("Only admins may change policies");
    }
    Policy current =
        policies.current(name).orElseThrow(() -> ApiException.notFound("Policy", name));
    if (expression == null || expression.isBlank()) {
      throw ApiException.badRequest("expression", "expression is required");
    }
    try {
      engine.check(current.attachmentPoint(), expression);
    } catch (InvalidPolicyExpression e) {
      throw ApiException.badRequest("expression", e.getMessage());
    }
    Policy next =
        new Policy(
            name,
            current.version() + 1,
            current.attachmentPoint(),
            expression,
            description == null || description.isBlank() ? current.description() : description,
            caller.subject(),
            clock.instant());
    try {
      policies.add(next);
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict(
          "Policy " + name + " was changed concurrently; read it again and retry");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("policy", name);
    details.put("version", next.version());
    details.put("previousVersion", current.version());
    details.put("attachmentPoint", next.attachmentPoint().id());
    details.put("expression", expression);
    details.put("description", next.description());
    audit.record(caller.subject(), "policy.updated", name, caller.team(), details);
    return next;
  }
}
