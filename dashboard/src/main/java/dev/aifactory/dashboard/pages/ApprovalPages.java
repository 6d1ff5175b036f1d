package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.ApiFailure;
import dev.aifactory.dashboard.services.Page;
import dev.aifactory.dashboard.services.PolicyApi;
import dev.aifactory.dashboard.services.PolicyApi.Approval;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The approvals inbox: the team's pending requests with their evidence, approve/reject for
 * approvers and admins, and the resolved ones with who decided.
 */
@Controller
class ApprovalPages {

  /** How many requests each list shows (the newest ones). */
  static final int LISTED = 100;

  private final PolicyApi policy;
  private final Fanout fanout;

  ApprovalPages(PolicyApi policy, Fanout fanout) {
    this.policy = policy;
    this.fanout = fanout;
  }

  @GetMapping("/approvals")
  String approvals(@AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<Approval>>> pending =
        fanout.start(() -> policy.approvals(token, "pending", LISTED));
    CompletableFuture<Section<List<Approval>>> resolved =
        fanout.start(
            () ->
                policy.approvals(token, null, LISTED).items().stream()
                    .filter(a -> !a.pending())
                    .sorted(
                        Comparator.comparing(
                            Approval::resolvedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                    .toList());
    model.addAttribute("nav", "approvals");
    model.addAttribute("pending", pending.join());
    model.addAttribute("resolved", resolved.join());
    return "approvals";
  }

  @GetMapping("/approvals/{id}")
  String approval(
      @PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "approvals");
    model.addAttribute("approval", policy.approval(user.accessToken(), id));
    return "approval";
  }

  @PostMapping("/approvals/{id}/approve")
  String approve(
      @PathVariable String id,
      @RequestParam(required = false) String comment,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    return vote(id, true, comment, user, redirect);
  }

  @PostMapping("/approvals/{id}/reject")
  String reject(
      @PathVariable String id,
      @RequestParam(required = false) String comment,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    return vote(id, false, comment, user, redirect);
  }

  /**
   * The security rules already refuse users without the approver or admin role; this check keeps
   * the rule next to the action it guards, so policy-service is never asked for them.
   */
  private String vote(
      String id, boolean approve, String comment, DashboardUser user, RedirectAttributes redirect) {
    if (!user.canApprove()) {
      throw new AccessDeniedException("voting on an approval request needs the approver role");
    }
    String verb = approve ? "approval" : "rejection";
    try {
      Approval a =
          approve
              ? policy.approve(user.accessToken(), id, comment)
              : policy.reject(user.accessToken(), id, comment);
      String subject = a.modelGroup() + " v" + a.version();
      String outcome =
          a.pending()
              ? " Approvals so far: " + a.approvals() + " of " + a.quorum() + "."
              : " The request is " + a.status() + " (" + a.resolution() + ").";
      redirect.addFlashAttribute(
          "info", "Your " + verb + " of " + subject + " is recorded." + outcome);
    } catch (ApiFailure e) {
      redirect.addFlashAttribute(
          "error", "Your " + verb + " was not recorded. " + refusal(e) + e.getMessage());
    }
    return "redirect:/approvals";
  }

  /** Says in words why policy refused, before its own answer. */
  static String refusal(ApiFailure e) {
    return switch (e.status()) {
      case 403 ->
          "You may not vote on this request (a missing role, or separation of duties: whoever"
              + " requested the training may not approve it). ";
      case 409 -> "The request can no longer take your vote (resolved, expired or already voted). ";
      case 404 -> "The request does not exist or belongs to another team. ";
      default -> "";
    };
  }
}
