package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.GatewayApi;
import dev.aifactory.dashboard.services.GatewayApi.Endpoint;
import dev.aifactory.dashboard.services.MonitoringApi;
import dev.aifactory.dashboard.services.MonitoringApi.DriftReport;
import dev.aifactory.dashboard.services.MonitoringApi.Violation;
import dev.aifactory.dashboard.services.Page;
import dev.aifactory.dashboard.services.PolicyApi;
import dev.aifactory.dashboard.services.PolicyApi.Budget;
import dev.aifactory.dashboard.services.PolicyApi.Decision;
import dev.aifactory.dashboard.services.PolicyApi.Loop;
import dev.aifactory.dashboard.services.TrainingApi;
import dev.aifactory.dashboard.services.TrainingApi.GroupDetails;
import dev.aifactory.dashboard.services.TrainingApi.ModelGroup;
import dev.aifactory.dashboard.services.TrainingApi.TrainingRun;
import dev.aifactory.dashboard.services.TrainingApi.VersionSummary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The factory at a glance: spend against the budget, open violations, model groups and their loop
 * state, endpoints, drift, decisions.
 */
@Controller
class OverviewPage {

  /** A model group as the overview shows it. */
  record GroupState(
      String name,
      String loopState,
      Integer champion,
      Map<String, Double> championMetrics,
      Integer latest,
      List<String> servedBy,
      String error) {}

  private final TrainingApi training;
  private final GatewayApi gateway;
  private final MonitoringApi monitoring;
  private final PolicyApi policy;
  private final Fanout fanout;

  OverviewPage(
      TrainingApi training,
      GatewayApi gateway,
      MonitoringApi monitoring,
      PolicyApi policy,
      Fanout fanout) {
    this.training = training;
    this.gateway = gateway;
    this.monitoring = monitoring;
    this.policy = policy;
    this.fanout = fanout;
  }

  @GetMapping("/")
  String overview(@AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<ModelGroup>>> groups =
        fanout.start(() -> training.groups(token));
    CompletableFuture<Section<Page<TrainingRun>>> runs =
        fanout.start(() -> training.runs(token, null));
    CompletableFuture<Section<Page<Endpoint>>> endpoints =
        fanout.start(() -> gateway.endpoints(token));
    CompletableFuture<Section<Page<DriftReport>>> drift =
        fanout.start(() -> monitoring.driftReports(token, 5));
    CompletableFuture<Section<Page<Decision>>> decisions =
        fanout.start(() -> policy.decisions(token, 10));
    CompletableFuture<Section<Budget>> budget =
        fanout.optional("The team's budget", () -> policy.budget(token, user.team()));
    CompletableFuture<Section<Page<Violation>>> violations =
        fanout.optional("The list of violations", () -> monitoring.violations(token));
    CompletableFuture<Section<List<Loop>>> loops =
        fanout.optional("Loop state from policy-service", () -> policy.loops(token));

    Section<Page<ModelGroup>> groupList = groups.join();
    Section<Page<Endpoint>> endpointList = endpoints.join();
    Section<Page<TrainingRun>> runList = runs.join();
    List<GroupState> states =
        groupList.ok()
            ? groupStates(
                token,
                groupList.value().items(),
                runList.ok() ? runList.value().items() : List.of(),
                endpointList.ok() ? endpointList.value().items() : List.of())
            : List.of();
    // policy tracks the loop from the events themselves; its state wins over the one guessed here
    Section<List<Loop>> tracked = loops.join();
    if (tracked.ok()) {
      Map<String, String> byGroup = new java.util.HashMap<>();
      tracked.value().stream()
          .filter(l -> l.modelGroup() != null && l.state() != null)
          .forEach(l -> byGroup.put(l.modelGroup(), l.state().replace('-', ' ')));
      states =
          states.stream()
              .map(
                  g ->
                      byGroup.containsKey(g.name())
                          ? new GroupState(
                              g.name(),
                              byGroup.get(g.name()),
                              g.champion(),
                              g.championMetrics(),
                              g.latest(),
                              g.servedBy(),
                              g.error())
                          : g)
              .toList();
    }
    Section<Page<Violation>> found = violations.join();

    model.addAttribute("nav", "overview");
    model.addAttribute("budget", budget.join());
    model.addAttribute("violations", found);
    model.addAttribute(
        "openViolations",
        found.ok() ? found.value().items().stream().filter(Violation::open).toList() : List.of());
    model.addAttribute("groups", groupList);
    model.addAttribute("groupStates", states);
    model.addAttribute("endpoints", endpointList);
    model.addAttribute("driftReports", drift.join());
    model.addAttribute("decisions", decisions.join());
    return "overview";
  }

  private List<GroupState> groupStates(
      String token, List<ModelGroup> groups, List<TrainingRun> runs, List<Endpoint> endpoints) {
    record Pending(
        ModelGroup group,
        CompletableFuture<Section<GroupDetails>> details,
        CompletableFuture<Section<Page<VersionSummary>>> versions) {}
    List<Pending> pending =
        groups.stream()
            .map(
                g ->
                    new Pending(
                        g,
                        fanout.start(() -> training.group(token, g.name())),
                        fanout.start(() -> training.versions(token, g.name()))))
            .toList();
    return pending.stream()
        .map(p -> state(p.group(), p.details().join(), p.versions().join(), runs, endpoints))
        .toList();
  }

  private static GroupState state(
      ModelGroup group,
      Section<GroupDetails> details,
      Section<Page<VersionSummary>> versions,
      List<TrainingRun> runs,
      List<Endpoint> endpoints) {
    if (!details.ok() || !versions.ok()) {
      String error = details.ok() ? versions.error() : details.error();
      return new GroupState(group.name(), "unknown", null, Map.of(), null, List.of(), error);
    }
    Integer champion = details.value().champion();
    Map<String, Double> metrics =
        versions.value().items().stream()
            .filter(v -> champion != null && v.version() == champion)
            .findFirst()
            .map(VersionSummary::metrics)
            .orElse(Map.of());
    List<String> servedBy =
        endpoints.stream()
            .filter(e -> group.name().equals(e.modelGroup()))
            .map(
                e ->
                    e.name()
                        + (e.deployments().isEmpty()
                            ? " (nothing deployed yet)"
                            : " (v"
                                + e.deployments().stream()
                                    .map(d -> String.valueOf(d.version()))
                                    .distinct()
                                    .reduce((a, b) -> a + ", v" + b)
                                    .orElse("")
                                + ")"))
            .toList();
    return new GroupState(
        group.name(),
        loopState(group.name(), champion, versions.value().items(), runs, endpoints),
        champion,
        metrics,
        details.value().latest(),
        servedBy,
        null);
  }

  /** Where the group's loop stands, from the first of these that holds. */
  static String loopState(
      String group,
      Integer champion,
      List<VersionSummary> versions,
      List<TrainingRun> runs,
      List<Endpoint> endpoints) {
    boolean training =
        runs.stream()
            .anyMatch(
                r ->
                    group.equals(r.modelGroup())
                        && ("QUEUED".equals(r.status()) || "RUNNING".equals(r.status())));
    if (training) {
      return "retraining";
    }
    boolean waiting = versions.stream().anyMatch(v -> "PENDING_MANUAL_APPROVAL".equals(v.status()));
    if (waiting) {
      return "waiting for approval";
    }
    boolean rollingOut =
        champion != null
            && endpoints.stream()
                .filter(e -> group.equals(e.modelGroup()))
                .anyMatch(
                    e ->
                        e.deployments().isEmpty()
                            || e.deployments().stream().anyMatch(d -> d.version() != champion));
    return rollingOut ? "rolling out" : "idle";
  }
}
