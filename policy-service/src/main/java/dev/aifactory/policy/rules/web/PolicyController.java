package dev.aifactory.policy.rules.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.loop.PolicyDryRun;
import dev.aifactory.policy.rules.ApprovalRule;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyDraft;
import dev.aifactory.policy.rules.PolicyManagement;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/policies")
class PolicyController {

  private final PolicyManagement policies;
  private final PolicyDryRun dryRun;

  PolicyController(PolicyManagement policies, PolicyDryRun dryRun) {
    this.policies = policies;
    this.dryRun = dryRun;
  }

  record PolicyView(
      String name,
      int version,
      String attachmentPoint,
      String expression,
      String description,
      String mode,
      String scope,
      ApprovalView approval,
      String createdBy,
      Instant createdAt) {

    static PolicyView of(Policy p) {
      ApprovalRule a = p.approval();
      return new PolicyView(
          p.name(),
          p.version(),
          p.attachmentPoint().id(),
          p.expression(),
          p.description(),
          p.mode().id(),
          p.scope().toString(),
          a == null
              ? null
              : new ApprovalView(a.requiredRole(), a.quorum(), a.expiresIn().toMinutes()),
          p.createdBy(),
          p.createdAt());
    }
  }

  record ApprovalView(String requiredRole, int quorum, long expiresInMinutes) {}

  record PolicyDetail(PolicyView current, List<PolicyView> versions) {}

  record DryRunRequest(String expression, Map<String, Object> input) {}

  @GetMapping
  Paged<PolicyView> list() {
    // Few policies exist (a handful per attachment point and scope): one page holds them all.
    List<PolicyView> items = policies.list().stream().map(PolicyView::of).toList();
    return new Paged<>(items, 0, Math.max(items.size(), 1), items.size());
  }

  @GetMapping("/{name}")
  PolicyDetail get(@PathVariable String name) {
    PolicyManagement.PolicyHistory history = policies.get(name);
    return new PolicyDetail(
        PolicyView.of(history.current()), history.versions().stream().map(PolicyView::of).toList());
  }

  @PutMapping("/{name}")
  ResponseEntity<PolicyView> put(
      @PathVariable String name, @RequestBody PolicyDraft draft, Caller caller) {
    PolicyManagement.Saved saved = policies.put(name, draft, caller);
    PolicyView view = PolicyView.of(saved.policy());
    return saved.created()
        ? ResponseEntity.created(URI.create("/api/v1/policies/" + name)).body(view)
        : ResponseEntity.ok(view);
  }

  @PostMapping("/{name}/dry-run")
  PolicyDryRun.Report dryRun(
      @PathVariable String name,
      @RequestBody(required = false) DryRunRequest request,
      @RequestParam(required = false) Integer last,
      Caller caller) {
    DryRunRequest r = request == null ? new DryRunRequest(null, null) : request;
    return dryRun.run(name, r.expression(), r.input(), last, caller);
  }
}
