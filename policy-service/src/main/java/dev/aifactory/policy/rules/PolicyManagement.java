package dev.aifactory.policy.rules;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.audit.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads policies and changes them: a change compiles first, then becomes a new audited version. */
@Service
public class PolicyManagement {

  private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  private static final String POINTS =
      Arrays.stream(AttachmentPoint.values()).map(AttachmentPoint::id).toList().toString();

  private static final List<String> ROLES =
      List.of(
          Caller.VIEWER, Caller.DATA_ENGINEER, Caller.ML_ENGINEER, Caller.APPROVER, Caller.ADMIN);

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

  /**
   * The policy that decides at {@code point} for this team and model group: of the matching ones
   * the most specific scope (model-group, then team, then global); a tie goes to the first name.
   */
  public Policy applicable(AttachmentPoint point, String team, String modelGroup) {
    Policy best = null;
    for (Policy p : policies.current(point)) {
      if (p.scope().matches(team, modelGroup)
          && (best == null || p.scope().specificity() > best.scope().specificity())) {
        best = p;
      }
    }
    if (best == null) {
      throw new IllegalStateException("No policy is attached at " + point.id());
    }
    return best;
  }

  /** A stored version and whether it created the policy. */
  public record Saved(Policy policy, boolean created) {}

  /**
   * Stores the draft as the policy's next version (or version 1 of a new policy) after checking it
   * compiles against its attachment point's inputs, and audits the change.
   */
  @Transactional
  public Saved put(String name, PolicyDraft draft, Caller caller) {
    if (!caller.roles().contains(Caller.ADMIN)) {
      throw ApiException.forbidden("Only admins may change policies");
    }
    if (name == null || !POLICY_NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "name", "policy names are lowercase letters, digits and dashes, up to 100 characters");
    }
    policies.lockForChange();
    Policy current = policies.current(name).orElse(null);
    AttachmentPoint point = attachmentPoint(draft.attachmentPoint(), current);
    Policy.Mode mode = mode(draft.mode(), current);
    PolicyScope scope = scope(draft.scope(), current);
    String expression = draft.expression();
    if (expression == null || expression.isBlank()) {
      if (current == null) {
        throw ApiException.badRequest("expression", "expression is required");
      }
      expression = current.expression();
    }
    try {
      engine.check(point, expression);
    } catch (InvalidPolicyExpression e) {
      throw ApiException.badRequest("expression", e.getMessage());
    }
    for (Policy other : policies.current(point)) {
      if (!other.name().equals(name) && other.scope().equals(scope)) {
        throw ApiException.conflict(
            "Policy "
                + other.name()
                + " already decides at "
                + point.id()
                + " for scope "
                + scope
                + "; change that policy or choose another scope");
      }
    }
    ApprovalRule approval = approval(draft.approval(), current, point, mode);
    String description = draft.description();
    if (description == null || description.isBlank()) {
      description = current == null ? "" : current.description();
    }
    Policy next =
        new Policy(
            name,
            current == null ? 1 : current.version() + 1,
            point,
            expression,
            description,
            mode,
            scope,
            approval,
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
    details.put("previousVersion", current == null ? 0 : current.version());
    details.put("attachmentPoint", point.id());
    details.put("mode", mode.id());
    details.put("scope", scope.toString());
    details.put("expression", expression);
    details.put("description", next.description());
    if (approval != null) {
      details.put(
          "approval",
          Map.of(
              "requiredRole", approval.requiredRole(),
              "quorum", approval.quorum(),
              "expiresInMinutes", approval.expiresIn().toMinutes()));
    }
    audit.record(
        caller.subject(),
        current == null ? "policy.created" : "policy.updated",
        name,
        caller.team(),
        details);
    return new Saved(next, current == null);
  }

  private static AttachmentPoint attachmentPoint(String requested, Policy current) {
    if (requested == null || requested.isBlank()) {
      if (current == null) {
        throw ApiException.badRequest(
            "attachmentPoint", "attachmentPoint is required for a new policy; one of " + POINTS);
      }
      return current.attachmentPoint();
    }
    AttachmentPoint point =
        AttachmentPoint.byId(requested)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "attachmentPoint",
                        "unknown attachment point '" + requested + "'; one of " + POINTS));
    if (current != null && point != current.attachmentPoint()) {
      throw ApiException.badRequest(
          "attachmentPoint",
          "policy "
              + current.name()
              + " is attached at "
              + current.attachmentPoint().id()
              + "; a policy cannot move (create another one)");
    }
    return point;
  }

  private static Policy.Mode mode(String requested, Policy current) {
    if (requested == null || requested.isBlank()) {
      return current == null ? Policy.Mode.ENFORCE : current.mode();
    }
    try {
      return Policy.Mode.of(requested);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("mode", e.getMessage());
    }
  }

  private static PolicyScope scope(String requested, Policy current) {
    if (requested == null || requested.isBlank()) {
      return current == null ? PolicyScope.GLOBAL : current.scope();
    }
    try {
      return PolicyScope.parse(requested);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("scope", e.getMessage());
    }
  }

  private static ApprovalRule approval(
      PolicyDraft.ApprovalDraft requested,
      Policy current,
      AttachmentPoint point,
      Policy.Mode mode) {
    ApprovalRule rule;
    if (requested == null) {
      rule = current == null ? null : current.approval();
    } else if (Boolean.FALSE.equals(requested.required())) {
      rule = null;
    } else {
      String role =
          requested.requiredRole() == null || requested.requiredRole().isBlank()
              ? ApprovalRule.DEFAULT_ROLE
              : requested.requiredRole();
      if (!ROLES.contains(role)) {
        throw ApiException.badRequest(
            "approval.requiredRole", "requiredRole must be one of " + ROLES);
      }
      int quorum = requested.quorum() == null ? 1 : requested.quorum();
      if (quorum < 1 || quorum > ApprovalRule.MAX_QUORUM) {
        throw ApiException.badRequest(
            "approval.quorum", "quorum must be between 1 and " + ApprovalRule.MAX_QUORUM);
      }
      Duration expiry =
          requested.expiresInMinutes() == null
              ? ApprovalRule.DEFAULT_EXPIRY
              : Duration.ofMinutes(requested.expiresInMinutes());
      if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(ApprovalRule.MAX_EXPIRY) > 0) {
        throw ApiException.badRequest(
            "approval.expiresInMinutes",
            "expiresInMinutes must be between 1 and " + ApprovalRule.MAX_EXPIRY.toMinutes());
      }
      rule = new ApprovalRule(role, quorum, expiry);
    }
    if (rule != null && point != AttachmentPoint.PROMOTION) {
      throw ApiException.badRequest(
          "approval", "only promotion policies can require approval, not " + point.id());
    }
    if (rule != null && mode != Policy.Mode.ENFORCE) {
      throw ApiException.badRequest(
          "approval", "only enforced policies can require approval, not " + mode.id() + " ones");
    }
    return rule;
  }
}
