package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.ApiFailure;
import dev.aifactory.dashboard.services.Page;
import dev.aifactory.dashboard.services.PolicyApi;
import dev.aifactory.dashboard.services.PolicyApi.AuditEvent;
import dev.aifactory.dashboard.services.PolicyApi.Delivery;
import dev.aifactory.dashboard.services.PolicyApi.DryRunReport;
import dev.aifactory.dashboard.services.PolicyApi.Loop;
import dev.aifactory.dashboard.services.PolicyApi.PolicyDetail;
import dev.aifactory.dashboard.services.PolicyApi.PolicyDraft;
import dev.aifactory.dashboard.services.PolicyApi.Verification;
import dev.aifactory.dashboard.services.PolicyApi.Webhook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Policies (list, loop state per model group, the editor with validation at the error's position
 * and dry-run results), webhook deliveries, dead-lettered events with replay for admins, and the
 * audit log with its chain verification.
 */
@Controller
class PolicyPages {

  static final int AUDIT_PAGE_SIZE = 50;
  static final int DEAD_LETTER_PAGE_SIZE = 50;
  static final int DRY_RUN_LAST = 20;
  private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

  private final PolicyApi policy;
  private final Fanout fanout;

  PolicyPages(PolicyApi policy, Fanout fanout) {
    this.policy = policy;
    this.fanout = fanout;
  }

  /**
   * A CEL compile error placed in the expression: the line it is on and a caret under the column,
   * so the reader sees where, not only what.
   */
  record ExpressionError(int line, int column, String message, String lineText, String caret) {

    static ExpressionError of(String expression, String message) {
      Matcher m = POSITION.matcher(message == null ? "" : message);
      if (!m.find()) {
        return new ExpressionError(0, 0, message, null, null);
      }
      int line = Integer.parseInt(m.group(1));
      int column = Integer.parseInt(m.group(2));
      String[] lines = (expression == null ? "" : expression).split("\n", -1);
      String text = line >= 1 && line <= lines.length ? lines[line - 1] : null;
      String caret = text == null ? null : " ".repeat(Math.max(column - 1, 0)) + "^";
      return new ExpressionError(line, column, message, text, caret);
    }

    public boolean positioned() {
      return lineText != null;
    }
  }

  @GetMapping("/policies")
  String policies(@AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<List<Loop>>> loops =
        fanout.optional("Loop state from policy-service", () -> policy.loops(token));
    model.addAttribute("nav", "policies");
    model.addAttribute("policies", Section.of(() -> policy.policies(token)));
    model.addAttribute("loops", loops.join());
    return "policies";
  }

  @GetMapping("/policies/{name}")
  String policyPage(
      @PathVariable String name, @AuthenticationPrincipal DashboardUser user, Model model) {
    PolicyDetail detail = policy.policy(user.accessToken(), name);
    model.addAttribute("nav", "policies");
    model.addAttribute("detail", detail);
    model.addAttribute("expression", detail.current().expression());
    model.addAttribute("description", detail.current().description());
    model.addAttribute("mode", detail.current().mode());
    model.addAttribute("scope", detail.current().scope());
    return "policy";
  }

  /**
   * The editor's two buttons: "Dry run" replays recent decisions with the typed expression (anyone
   * may), "Save" stores a new version (admins; policy compiles it and names the line and column of
   * an error, shown here in place).
   */
  @PostMapping("/policies/{name}")
  String edit(
      @PathVariable String name,
      @RequestParam String action,
      @RequestParam String expression,
      @RequestParam(required = false) String description,
      @RequestParam(required = false) String mode,
      @RequestParam(required = false) String scope,
      @AuthenticationPrincipal DashboardUser user,
      Model model,
      RedirectAttributes redirect) {
    String token = user.accessToken();
    boolean save = "save".equals(action);
    if (save && !user.admin()) {
      throw new AccessDeniedException("changing a policy needs the admin role");
    }
    if (save) {
      try {
        PolicyApi.Policy saved =
            policy.putPolicy(
                token,
                name,
                new PolicyDraft(
                    expression,
                    blankToNull(description),
                    null,
                    blankToNull(mode),
                    blankToNull(scope)));
        redirect.addFlashAttribute(
            "info", "Saved " + name + " as version " + saved.version() + ".");
        return "redirect:/policies/" + UriUtils.encodePathSegment(name, "UTF-8");
      } catch (ApiFailure e) {
        failed(model, expression, e);
      }
    } else {
      try {
        DryRunReport report = policy.dryRun(token, name, expression, DRY_RUN_LAST);
        model.addAttribute("report", report);
      } catch (ApiFailure e) {
        failed(model, expression, e);
      }
    }
    model.addAttribute("nav", "policies");
    model.addAttribute("detail", policy.policy(token, name));
    model.addAttribute("expression", expression);
    model.addAttribute("description", description);
    model.addAttribute("mode", mode);
    model.addAttribute("scope", scope);
    return "policy";
  }

  private static void failed(Model model, String expression, ApiFailure e) {
    List<ExpressionError> placed = new ArrayList<>();
    for (ApiFailure.FieldError f : e.fieldErrors()) {
      if ("expression".equals(f.field())) {
        placed.add(ExpressionError.of(expression, f.message()));
      }
    }
    model.addAttribute("expressionErrors", placed);
    model.addAttribute("error", e.getMessage());
  }

  @GetMapping("/webhooks")
  String webhooks(@AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    Section<Page<Webhook>> hooks = Section.of(() -> policy.webhooks(token));
    List<CompletableFuture<Section<Page<Delivery>>>> calls = new ArrayList<>();
    if (hooks.ok()) {
      for (Webhook w : hooks.value().items()) {
        calls.add(fanout.start(() -> policy.deliveries(token, w.id(), 20)));
      }
    }
    model.addAttribute("nav", "policies");
    model.addAttribute("webhooks", hooks);
    model.addAttribute("deliveries", calls.stream().map(CompletableFuture::join).toList());
    return "webhooks";
  }

  @GetMapping("/dead-letters")
  String deadLetters(
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal DashboardUser user,
      Model model) {
    int current = Math.max(page, 0);
    model.addAttribute("nav", "policies");
    model.addAttribute(
        "letters",
        Section.optional(
            "The dead-letter list",
            () -> policy.deadLetters(user.accessToken(), current, DEAD_LETTER_PAGE_SIZE)));
    model.addAttribute("page", current);
    model.addAttribute("pageSize", DEAD_LETTER_PAGE_SIZE);
    return "dead-letters";
  }

  @PostMapping("/dead-letters/{id}/replay")
  String replay(
      @PathVariable String id,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.admin()) {
      throw new AccessDeniedException("replaying dead letters needs the admin role");
    }
    try {
      policy.replay(user.accessToken(), id);
      redirect.addFlashAttribute(
          "info", "Dead letter " + id + " was re-published to its original topic.");
    } catch (ApiFailure e) {
      redirect.addFlashAttribute(
          "error", "Dead letter " + id + " was not replayed. " + e.getMessage());
    }
    return "redirect:/dead-letters";
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

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
