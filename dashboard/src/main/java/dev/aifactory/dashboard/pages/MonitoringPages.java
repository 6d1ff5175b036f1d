package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.pages.Charts.Chart;
import dev.aifactory.dashboard.pages.Charts.Series;
import dev.aifactory.dashboard.services.MonitoringApi;
import dev.aifactory.dashboard.services.MonitoringApi.CostReport;
import dev.aifactory.dashboard.services.MonitoringApi.DriftReport;
import dev.aifactory.dashboard.services.MonitoringApi.FeatureDrift;
import dev.aifactory.dashboard.services.MonitoringApi.Quality;
import dev.aifactory.dashboard.services.MonitoringApi.Slo;
import dev.aifactory.dashboard.services.MonitoringApi.SloStatus;
import dev.aifactory.dashboard.services.MonitoringApi.Violation;
import dev.aifactory.dashboard.services.Page;
import dev.aifactory.dashboard.services.PolicyApi;
import dev.aifactory.dashboard.services.PolicyApi.Budget;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Monitoring: violations, SLOs, spend against the budget, cost by team/model/version, quality over
 * time (measured and estimated), drift per feature over time, and the drift reports. All calls of
 * the page run at the same time.
 */
@Controller
class MonitoringPages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final int MAX_METRICS = 4;
  private static final int MAX_FEATURES = 6;

  private final MonitoringApi monitoring;
  private final PolicyApi policy;
  private final Fanout fanout;
  private final Charts charts;

  MonitoringPages(MonitoringApi monitoring, PolicyApi policy, Fanout fanout, Charts charts) {
    this.monitoring = monitoring;
    this.policy = policy;
    this.fanout = fanout;
    this.charts = charts;
  }

  /** An SLO with where it stands, or why that could not be read. */
  record SloRow(Slo slo, Section<SloStatus> status) {}

  @GetMapping("/monitoring")
  String monitoring(@AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<DriftReport>>> reports =
        fanout.start(() -> monitoring.driftReports(token, 50));
    CompletableFuture<Section<Page<Quality>>> quality =
        fanout.start(() -> monitoring.quality(token));
    CompletableFuture<Section<CostReport>> byTeam =
        fanout.start(() -> monitoring.costs(token, "team"));
    CompletableFuture<Section<CostReport>> byGroup =
        fanout.start(() -> monitoring.costs(token, "modelGroup"));
    CompletableFuture<Section<CostReport>> byVersion =
        fanout.start(() -> monitoring.costs(token, "version"));
    CompletableFuture<Section<Budget>> budget =
        fanout.optional("The team's budget", () -> policy.budget(token, user.team()));
    CompletableFuture<Section<Page<Slo>>> slos =
        fanout.optional("SLOs", () -> monitoring.slos(token));
    CompletableFuture<Section<Page<Violation>>> violations =
        fanout.optional("The list of violations", () -> monitoring.violations(token));

    // the statuses need the list first; they run while the other calls are still under way
    Section<Page<Slo>> sloList = slos.join();
    List<Slo> defined = sloList.ok() ? sloList.value().items() : List.of();
    List<CompletableFuture<Section<SloStatus>>> statuses =
        defined.stream().map(s -> fanout.start(() -> monitoring.sloStatus(token, s.id()))).toList();

    model.addAttribute("nav", "monitoring");
    Section<Page<DriftReport>> drift = reports.join();
    model.addAttribute("reports", drift);
    model.addAttribute(
        "driftCharts",
        drift.ok()
            ? driftCharts(drift.value().items()).stream().map(charts::view).toList()
            : List.of());
    Section<Page<Quality>> q = quality.join();
    model.addAttribute("quality", q);
    model.addAttribute(
        "qualityCharts",
        q.ok() ? qualityCharts(q.value().items()).stream().map(charts::view).toList() : List.of());
    model.addAttribute("costByTeam", byTeam.join());
    model.addAttribute("costByGroup", byGroup.join());
    Section<CostReport> versions = byVersion.join();
    model.addAttribute("costByVersion", versions);
    model.addAttribute(
        "costChart",
        versions.ok() && !versions.value().items().isEmpty()
            ? charts.view(costChart(versions.value()))
            : null);
    model.addAttribute("budget", budget.join());
    List<SloRow> rows = new ArrayList<>();
    for (int i = 0; i < defined.size(); i++) {
      rows.add(new SloRow(defined.get(i), statuses.get(i).join()));
    }
    model.addAttribute("slos", sloList);
    model.addAttribute("sloRows", rows);
    model.addAttribute("violations", violations.join());
    return "monitoring";
  }

  @GetMapping("/monitoring/drift-reports/{id}")
  String report(@PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "monitoring");
    model.addAttribute("report", monitoring.driftReport(user.accessToken(), id));
    return "drift-report";
  }

  /**
   * One chart per endpoint: each metric over the windows, measured (from ground truth) and
   * estimated (from the model's confidence) as separate lines.
   */
  static List<Chart> qualityCharts(List<Quality> quality) {
    Map<String, List<Quality>> byEndpoint =
        quality.stream()
            .collect(Collectors.groupingBy(Quality::endpoint, TreeMap::new, Collectors.toList()));
    List<Chart> out = new ArrayList<>();
    byEndpoint.forEach(
        (endpoint, rows) -> {
          List<Quality> sorted =
              rows.stream().sorted(Comparator.comparing(Quality::windowFrom)).toList();
          TreeSet<String> names = new TreeSet<>();
          sorted.forEach(r -> names.addAll(r.metrics() == null ? List.of() : r.metrics().keySet()));
          List<Series> series = new ArrayList<>();
          for (String metric : names.stream().limit(MAX_METRICS).toList()) {
            for (boolean estimated : List.of(false, true)) {
              List<Double> values =
                  sorted.stream()
                      .map(
                          r ->
                              r.estimated() == estimated && r.metrics() != null
                                  ? r.metrics().get(metric)
                                  : null)
                      .toList();
              if (values.stream().anyMatch(v -> v != null)) {
                series.add(
                    new Series(metric + (estimated ? " (estimated)" : " (measured)"), values));
              }
            }
          }
          out.add(
              new Chart(
                  "line",
                  "Quality of " + endpoint + " per window",
                  "Window start (UTC)",
                  "Metric value (0–1 for AUC and accuracy; target units for errors)",
                  sorted.stream()
                      .map(
                          r -> TIME.format(r.windowFrom()) + " v" + r.version() + " " + r.variant())
                      .toList(),
                  series));
        });
    return out;
  }

  /** One chart per model group: the PSI of the most shifted features over the drift reports. */
  static List<Chart> driftCharts(List<DriftReport> reports) {
    Map<String, List<DriftReport>> byGroup =
        reports.stream()
            .collect(
                Collectors.groupingBy(DriftReport::modelGroup, TreeMap::new, Collectors.toList()));
    List<Chart> out = new ArrayList<>();
    byGroup.forEach(
        (group, rows) -> {
          List<DriftReport> sorted =
              rows.stream().sorted(Comparator.comparing(DriftReport::windowFrom)).toList();
          Map<String, Double> peak = new LinkedHashMap<>();
          for (DriftReport r : sorted) {
            for (FeatureDrift f : r.features() == null ? List.<FeatureDrift>of() : r.features()) {
              peak.merge(f.name(), f.psi(), Math::max);
            }
          }
          List<String> features =
              peak.entrySet().stream()
                  .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                  .limit(MAX_FEATURES)
                  .map(Map.Entry::getKey)
                  .toList();
          List<Series> series = new ArrayList<>();
          for (String feature : features) {
            series.add(
                new Series(
                    feature,
                    sorted.stream()
                        .map(
                            r ->
                                (r.features() == null ? List.<FeatureDrift>of() : r.features())
                                    .stream()
                                        .filter(f -> f.name().equals(feature))
                                        .map(FeatureDrift::psi)
                                        .findFirst()
                                        .orElse(null))
                        .toList()));
          }
          out.add(
              new Chart(
                  "line",
                  "Drift per feature of " + group,
                  "Window start (UTC)",
                  "PSI (unitless; above 0.2 is a large shift)",
                  sorted.stream()
                      .map(r -> TIME.format(r.windowFrom()) + " v" + r.version())
                      .toList(),
                  series));
        });
    return out;
  }

  static Chart costChart(CostReport byVersion) {
    List<MonitoringApi.CostLine> lines = byVersion.items();
    return new Chart(
        "bar",
        "Cost per model version",
        "Model version",
        "Cost (" + (byVersion.currency() == null ? "USD" : byVersion.currency()) + ")",
        lines.stream()
            .map(l -> l.modelGroup() + (l.version() == null ? "" : " v" + l.version()))
            .toList(),
        List.of(
            new Series("training", lines.stream().map(l -> l.trainingCost()).toList()),
            new Series("serving", lines.stream().map(l -> l.servingCost()).toList())));
  }
}
