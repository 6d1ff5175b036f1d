package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.pages.Charts.Chart;
import dev.aifactory.dashboard.pages.Charts.Series;
import dev.aifactory.dashboard.services.ApiFailure;
import dev.aifactory.dashboard.services.TrainingApi;
import dev.aifactory.dashboard.services.TrainingApi.LogLine;
import dev.aifactory.dashboard.services.TrainingApi.RunRequest;
import dev.aifactory.dashboard.services.TrainingApi.TrainingRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
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
 * Training runs: the list (live), one run's live progress (metric curve per boosting round, log,
 * cost), and for ml-engineers the trigger form and the cancel button.
 */
@Controller
class TrainingRunPages {

  private final TrainingApi training;
  private final Fanout fanout;
  private final Charts charts;

  TrainingRunPages(TrainingApi training, Fanout fanout, Charts charts) {
    this.training = training;
    this.fanout = fanout;
    this.charts = charts;
  }

  @GetMapping("/training-runs")
  String runs(
      @RequestParam(required = false) String modelGroup,
      @RequestParam(required = false) String datasetId,
      @RequestParam(required = false) Integer datasetVersion,
      @AuthenticationPrincipal DashboardUser user,
      Model model) {
    model.addAttribute("nav", "training");
    model.addAttribute("modelGroup", modelGroup);
    model.addAttribute("runs", Section.of(() -> training.runs(user.accessToken(), modelGroup)));
    // prefilled from links such as a dataset version's "Train on this version"
    model.addAttribute("newRunGroup", modelGroup);
    model.addAttribute("newRunDataset", datasetId);
    model.addAttribute("newRunDatasetVersion", datasetVersion);
    model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    return "training-runs";
  }

  /** Starts a run: the ml-engineer or admin role here, in the security rules and at training. */
  @PostMapping("/training-runs")
  String start(
      @RequestParam String modelGroup,
      @RequestParam String datasetId,
      @RequestParam(required = false) String datasetVersion,
      @RequestParam(required = false) String target,
      @RequestParam(required = false) String objective,
      @RequestParam(required = false) String hyperparameters,
      @RequestParam(required = false) String reason,
      @RequestParam String idempotencyKey,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.canOperate()) {
      throw new AccessDeniedException("starting a training run needs the ml-engineer role");
    }
    Integer version;
    Map<String, Object> params;
    try {
      version =
          datasetVersion == null || datasetVersion.isBlank()
              ? null
              : Integer.valueOf(datasetVersion.trim());
      params = hyperparameters(hyperparameters);
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute(
          "error",
          "The run was not started: "
              + (e instanceof NumberFormatException
                  ? "the dataset version must be a whole number such as 1."
                  : e.getMessage()));
      return "redirect:/training-runs";
    }
    try {
      TrainingRun run =
          training.start(
              user.accessToken(),
              new RunRequest(
                  modelGroup.trim(),
                  datasetId.trim(),
                  version,
                  blankToNull(target),
                  blankToNull(objective),
                  params,
                  "manual",
                  blankToNull(reason)),
              idempotencyKey);
      redirect.addFlashAttribute(
          "info", "Training run queued: policy and the dataset's grants are checked first.");
      return "redirect:/training-runs/" + UriUtils.encodePathSegment(run.id(), "UTF-8");
    } catch (ApiFailure e) {
      redirect.addFlashAttribute("error", "The run was not started. " + e.getMessage());
      return "redirect:/training-runs";
    }
  }

  @GetMapping("/training-runs/{id}")
  String run(@PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "training");
    progress(id, user, model);
    return "training-run";
  }

  /** The live part of a run's page, polled by htmx while the run is queued or running. */
  @GetMapping("/training-runs/{id}/progress")
  String progress(
      @PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<List<LogLine>>> logs =
        fanout.optional("The run's log", () -> training.logs(token, id));
    TrainingRun run = training.run(token, id);
    model.addAttribute("run", run);
    model.addAttribute("curve", charts.view(curve(run)));
    model.addAttribute("logs", logs.join());
    return "training-run :: progress";
  }

  @PostMapping("/training-runs/{id}/cancel")
  String cancel(
      @PathVariable String id,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.canOperate()) {
      throw new AccessDeniedException("cancelling a training run needs the ml-engineer role");
    }
    try {
      training.cancel(user.accessToken(), id);
      redirect.addFlashAttribute("info", "The run was cancelled.");
    } catch (ApiFailure e) {
      redirect.addFlashAttribute("error", "The run was not cancelled. " + e.getMessage());
    }
    return "redirect:/training-runs/" + UriUtils.encodePathSegment(id, "UTF-8");
  }

  /** One line per evaluation metric (train and validation), x = boosting round. */
  static Chart curve(TrainingRun run) {
    TreeSet<String> metrics = new TreeSet<>();
    List<String> rounds = new ArrayList<>();
    for (Map<String, Object> it : run.iterations()) {
      it.keySet().stream().filter(k -> !"round".equals(k)).forEach(metrics::add);
      Object round = it.get("round");
      rounds.add(round == null ? String.valueOf(rounds.size()) : String.valueOf(round));
    }
    List<Series> series = new ArrayList<>();
    for (String metric : metrics) {
      series.add(
          new Series(
              metric,
              run.iterations().stream()
                  .map(it -> it.get(metric) instanceof Number n ? n.doubleValue() : null)
                  .toList()));
    }
    return new Chart(
        "line",
        "Evaluation metrics per boosting round",
        "Boosting round",
        "Metric value (the metric's own unit, e.g. logloss)",
        rounds,
        series);
  }

  /** {@code key=value} per line (or separated by commas); numbers stay numbers. */
  static Map<String, Object> hyperparameters(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split("[\\n,]")) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "hyperparameter \"" + entry + "\" must be written name=value, e.g. max_depth=4.");
      }
      String name = entry.substring(0, eq).strip();
      String value = entry.substring(eq + 1).strip();
      Object parsed = value;
      try {
        parsed = value.matches("-?\\d+") ? Long.valueOf(value) : Double.valueOf(value);
      } catch (NumberFormatException notNumber) {
        parsed = value;
      }
      out.put(name, parsed);
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
