package dev.aifactory.policy.rules.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyManagement;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/policies")
class PolicyController {

  private final PolicyManagement policies;

  PolicyController(PolicyManagement policies) {
    this.policies = policies;
  }

  record PolicyView(
      String name,
      int version,
      String attachmentPoint,
      String expression,
      String description,
      String createdBy,
      Instant createdAt) {

    static PolicyView of(Policy p) {
      return new PolicyView(
          p.name(),
          p.version(),
          p.attachmentPoint().id(),
          p.expression(),
          p.description(),
          p.createdBy(),
          p.createdAt());
    }
  }

  record PolicyDetail(PolicyView current, List<PolicyView> versions) {}

  record PolicyChange(String expression, String description) {}

  @GetMapping
  Paged<PolicyView> list() {
    // Few policies exist (one per attachment point and team at most): one page holds them all.
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
  PolicyView update(@PathVariable String name, @RequestBody PolicyChange change, Caller caller) {
    return PolicyView.of(policies.update(name, change.expression(), change.description(), caller));
  }
}
