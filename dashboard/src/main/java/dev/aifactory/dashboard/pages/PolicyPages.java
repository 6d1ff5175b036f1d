package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.Page;
import dev.aifactory.dashboard.services.PolicyApi;
import dev.aifactory.dashboard.services.PolicyApi.AuditEvent;
import dev.aifactory.dashboard.services.PolicyApi.Verification;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Policies with their expressions, and the audit log with its chain verification. */
@Controller
class PolicyPages {

  static final int AUDIT_PAGE_SIZE = 50;

  private final PolicyApi policy;
  private final Fanout fanout;

  PolicyPages(PolicyApi policy, Fanout fanout) {
    this.policy = policy;
    this.fanout = fanout;
  }

  @GetMapping("/policies")
  String policies(@AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "policies");
    model.addAttribute("policies", Section.of(() -> policy.policies(user.accessToken())));
    return "policies";
  }

  @GetMapping("/audit")
  String audit(
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal DashboardUser user,
      Model model) {
    String token = user.accessToken();
    int current = Math.max(page, 0);
    CompletableFuture<Section<Verification>> verification =
        fanout.start(() -> policy.verifyAudit(token));
    CompletableFuture<Section<Page<AuditEvent>>> events =
        fanout.start(() -> policy.auditEvents(token, current, AUDIT_PAGE_SIZE));
    model.addAttribute("nav", "audit");
    model.addAttribute("verification", verification.join());
    model.addAttribute("events", events.join());
    model.addAttribute("page", current);
    model.addAttribute("pageSize", AUDIT_PAGE_SIZE);
    return "audit";
  }
}
