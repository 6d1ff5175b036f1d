package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.pages.Charts.Chart;
import dev.aifactory.dashboard.pages.Charts.Series;
import dev.aifactory.dashboard.services.ApiFailure;
import dev.aifactory.dashboard.services.IngestionApi;
import dev.aifactory.dashboard.services.IngestionApi.Bin;
import dev.aifactory.dashboard.services.IngestionApi.Classification;
import dev.aifactory.dashboard.services.IngestionApi.Column;
import dev.aifactory.dashboard.services.IngestionApi.Dataset;
import dev.aifactory.dashboard.services.IngestionApi.DatasetVersion;
import dev.aifactory.dashboard.services.IngestionApi.QualityResults;
import dev.aifactory.dashboard.services.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/**
 * Datasets → versions (with schema changes) → profile with a histogram per numeric column and the
 * quality rules' results; the classification tags of a dataset with the steward's confirm/override.
 */
@Controller
class DatasetPages {

  private final IngestionApi ingestion;
  private final Fanout fanout;
  private final Charts charts;

  DatasetPages(IngestionApi ingestion, Fanout fanout, Charts charts) {
    this.ingestion = ingestion;
    this.fanout = fanout;
    this.charts = charts;
  }

  @GetMapping("/datasets")
  String datasets(@AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "datasets");
    model.addAttribute("datasets", Section.of(() -> ingestion.datasets(user.accessToken())));
    return "datasets";
  }

  @GetMapping("/datasets/{id}")
  String dataset(
      @PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<DatasetVersion>>> versions =
        fanout.start(() -> ingestion.versions(token, id));
    CompletableFuture<Section<Classification>> classification =
        fanout.optional("Classification", () -> ingestion.classification(token, id));
    Dataset dataset = ingestion.dataset(token, id);
    model.addAttribute("nav", "datasets");
    model.addAttribute("dataset", dataset);
    model.addAttribute("versions", versions.join());
    model.addAttribute("classification", classification.join());
    return "dataset";
  }

  /**
   * A steward confirms the detected tags of a column, or overrides them with others; the reason is
   * required (ingestion keeps it in the audit history).
   */
  @PostMapping("/datasets/{id}/classification/{column}")
  String decideTags(
      @PathVariable String id,
      @PathVariable String column,
      @RequestParam String action,
      @RequestParam(required = false) String tags,
      @RequestParam(required = false) String detected,
      @RequestParam(required = false) String reason,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.canSteward()) {
      throw new AccessDeniedException("classification decisions need the data-engineer role");
    }
    String target =
        "redirect:/datasets/" + UriUtils.encodePathSegment(id, "UTF-8") + "#classification";
    if (reason == null || reason.isBlank()) {
      redirect.addFlashAttribute(
          "error",
          "The tags of "
              + column
              + " were not changed: say why (the reason is kept in the audit"
              + " history).");
      return target;
    }
    List<String> decided = tagList("confirm".equals(action) ? detected : tags);
    try {
      ingestion.decideTags(user.accessToken(), id, column, decided, reason.strip());
      redirect.addFlashAttribute(
          "info",
          ("confirm".equals(action) ? "Confirmed" : "Set")
              + " the tags of "
              + column
              + ": "
              + (decided.isEmpty() ? "none" : String.join(", ", decided))
              + ".");
    } catch (ApiFailure e) {
      redirect.addFlashAttribute(
          "error", "The tags of " + column + " were not changed. " + e.getMessage());
    }
    return target;
  }

  static List<String> tagList(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split("[,\\s]+"))
        .map(String::strip)
        .filter(t -> !t.isEmpty())
        .distinct()
        .toList();
  }

  @GetMapping("/datasets/{id}/versions/{version}")
  String version(
      @PathVariable String id,
      @PathVariable int version,
      @AuthenticationPrincipal DashboardUser user,
      Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Dataset>> dataset = fanout.start(() -> ingestion.dataset(token, id));
    CompletableFuture<Section<QualityResults>> quality =
        fanout.optional("Quality rule results", () -> ingestion.qualityResults(token, id, version));
    DatasetVersion profile = ingestion.version(token, id, version);
    Map<String, Charts.ChartView> histograms = new LinkedHashMap<>();
    for (Column c : profile.columns() == null ? List.<Column>of() : profile.columns()) {
      if (c.histogram() != null && !c.histogram().isEmpty()) {
        histograms.put(c.name(), charts.view(histogram(c)));
      }
    }
    model.addAttribute("nav", "datasets");
    model.addAttribute("dataset", dataset.join());
    model.addAttribute("profile", profile);
    model.addAttribute("histograms", histograms);
    model.addAttribute("quality", quality.join());
    return "dataset-version";
  }

  static Chart histogram(Column column) {
    List<Bin> bins = column.histogram();
    return new Chart(
        "bar",
        "Distribution of " + column.name(),
        column.name() + " (value range of the bin)",
        "Rows (count)",
        bins.stream().map(b -> number(b.lower()) + " – " + number(b.upper())).toList(),
        List.of(new Series("Rows", bins.stream().map(b -> (double) b.count()).toList())));
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return String.valueOf((long) value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
