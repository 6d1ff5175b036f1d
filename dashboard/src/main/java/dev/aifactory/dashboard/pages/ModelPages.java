package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.ApiFailure;
import dev.aifactory.dashboard.services.Page;
import dev.aifactory.dashboard.services.PolicyApi;
import dev.aifactory.dashboard.services.PolicyApi.Approval;
import dev.aifactory.dashboard.services.TrainingApi;
import dev.aifactory.dashboard.services.TrainingApi.GroupDetails;
import dev.aifactory.dashboard.services.TrainingApi.ModelGroup;
import dev.aifactory.dashboard.services.TrainingApi.ModelVersion;
import dev.aifactory.dashboard.services.TrainingApi.VersionSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
import org.springframework.web.util.UriUtils;

/** The model registry: groups, their versions side by side, and moving the champion alias. */
@Controller
class ModelPages {

  /** How many versions the side-by-side view compares (the newest ones). */
  static final int COMPARED = 8;

  record GroupRow(ModelGroup group, Section<GroupDetails> details) {}

  private final TrainingApi training;
  private final PolicyApi policy;
  private final Fanout fanout;

  ModelPages(TrainingApi training, PolicyApi policy, Fanout fanout) {
    this.training = training;
    this.policy = policy;
    this.fanout = fanout;
  }

  @GetMapping("/models")
  String groups(@AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    Section<Page<ModelGroup>> groups = Section.of(() -> training.groups(token));
    List<GroupRow> rows = List.of();
    if (groups.ok()) {
      List<CompletableFuture<Section<GroupDetails>>> details =
          groups.value().items().stream()
              .map(g -> fanout.start(() -> training.group(token, g.name())))
              .toList();
      rows =
          java.util.stream.IntStream.range(0, details.size())
              .mapToObj(i -> new GroupRow(groups.value().items().get(i), details.get(i).join()))
              .toList();
    }
    model.addAttribute("nav", "models");
    model.addAttribute("groups", groups);
    model.addAttribute("rows", rows);
    return "models";
  }

  @GetMapping("/models/{group}")
  String group(
      @PathVariable String group, @AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<VersionSummary>>> summaries =
        fanout.start(() -> training.versions(token, group));
    CompletableFuture<Section<Page<Approval>>> pendingApprovals =
        fanout.start(() -> policy.approvals(token, "pending", 200));
    GroupDetails details = training.group(token, group);
    Section<Page<VersionSummary>> versions = summaries.join();
    List<Section<ModelVersion>> compared = List.of();
    if (versions.ok()) {
      List<CompletableFuture<Section<ModelVersion>>> pending =
          versions.value().items().stream()
              .sorted((a, b) -> Integer.compare(b.version(), a.version()))
              .limit(COMPARED)
              .map(v -> fanout.start(() -> training.version(token, group, v.version())))
              .toList();
      compared = pending.stream().map(CompletableFuture::join).toList();
    }
    TreeSet<String> metricNames = new TreeSet<>();
    compared.stream()
        .filter(Section::ok)
        .forEach(
            v -> {
              if (v.value().metrics() != null) {
                metricNames.addAll(v.value().metrics().keySet());
              }
            });
    model.addAttribute("nav", "models");
    model.addAttribute("group", details);
    model.addAttribute("versions", versions);
    model.addAttribute("compared", compared);
    model.addAttribute("metricNames", metricNames);
    // version -> its pending approval request, so a PENDING_MANUAL_APPROVAL version links to it
    Map<Integer, String> approvals = new HashMap<>();
    Section<Page<Approval>> pending = pendingApprovals.join();
    if (pending.ok()) {
      pending.value().items().stream()
          .filter(a -> group.equals(a.modelGroup()))
          .forEach(a -> approvals.put(a.version(), a.id()));
    }
    model.addAttribute("approvalIds", approvals);
    return "model-group";
  }

  /**
   * Moves {@code champion} to an APPROVED version. The security rules already refuse users without
   * the approver or admin role; this check keeps the rule next to the action it guards.
   */
  @PostMapping("/models/{group}/champion")
  String makeChampion(
      @PathVariable String group,
      @RequestParam int version,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.canApprove()) {
      throw new AccessDeniedException("making a version champion needs the approver role");
    }
    try {
      training.makeChampion(user.accessToken(), group, version);
      redirect.addFlashAttribute("info", "Version " + version + " is now the champion.");
    } catch (ApiFailure e) {
      redirect.addFlashAttribute(
          "error", "Version " + version + " was not made champion. " + e.getMessage());
    }
    return "redirect:/models/" + UriUtils.encodePathSegment(group, "UTF-8");
  }
}
