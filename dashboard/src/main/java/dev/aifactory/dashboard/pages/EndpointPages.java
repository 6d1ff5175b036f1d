package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.pages.Charts.Chart;
import dev.aifactory.dashboard.pages.Charts.Series;
import dev.aifactory.dashboard.services.ApiFailure;
import dev.aifactory.dashboard.services.GatewayApi;
import dev.aifactory.dashboard.services.GatewayApi.Endpoint;
import dev.aifactory.dashboard.services.GatewayApi.Hosting;
import dev.aifactory.dashboard.services.GatewayApi.Rollout;
import dev.aifactory.dashboard.services.GatewayApi.RolloutEvent;
import dev.aifactory.dashboard.services.GatewayApi.Shadow;
import dev.aifactory.dashboard.services.MonitoringApi;
import dev.aifactory.dashboard.services.MonitoringApi.Window;
import dev.aifactory.dashboard.services.Page;
import dev.aifactory.dashboard.services.PolicyApi;
import dev.aifactory.dashboard.services.PolicyApi.Decision;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Endpoints: variants and weights, the rollout in progress with its gate decisions (and the pause,
 * resume and abort buttons for ml-engineers), shadow agreement, and latency, errors and drift over
 * monitoring's windows. The page's five calls run at the same time.
 */
@Controller
class EndpointPages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final GatewayApi gateway;
  private final MonitoringApi monitoring;
  private final PolicyApi policy;
  private final Fanout fanout;
  private final Charts charts;

  EndpointPages(
      GatewayApi gateway,
      MonitoringApi monitoring,
      PolicyApi policy,
      Fanout fanout,
      Charts charts) {
    this.gateway = gateway;
    this.monitoring = monitoring;
    this.policy = policy;
    this.fanout = fanout;
    this.charts = charts;
  }

  @GetMapping("/endpoints")
  String endpoints(@AuthenticationPrincipal DashboardUser user, Model model) {
    return endpointsPage(
        user, model, Map.of("captureSampleRate", "1", "strategy", "instant"), Map.of());
  }

  private String endpointsPage(
      DashboardUser user, Model model, Map<String, String> form, Map<String, String> fieldErrors) {
    model.addAttribute("nav", "endpoints");
    model.addAttribute("endpoints", Section.of(() -> gateway.endpoints(user.accessToken())));
    model.addAttribute("form", form);
    model.addAttribute("fieldErrors", fieldErrors);
    return "endpoints";
  }

  static final List<String> NEW_ENDPOINT_FIELDS =
      List.of("name", "modelGroup", "captureSampleRate", "strategy", "steps", "bakeSeconds");

  /**
   * An ml-engineer creates an endpoint bound to a model group: it serves the group's champion, and
   * when the champion moves it switches at once or rolls the new one out as a canary. Numbers the
   * dashboard cannot read and the gateway's validation problems are shown next to their fields.
   */
  @PostMapping("/endpoints")
  String createEndpoint(
      @RequestParam Map<String, String> params,
      @AuthenticationPrincipal DashboardUser user,
      Model model,
      RedirectAttributes redirect) {
    if (!user.canOperate()) {
      throw new AccessDeniedException("creating an endpoint needs the ml-engineer role");
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String field : NEW_ENDPOINT_FIELDS) {
      form.put(field, params.getOrDefault(field, "").strip());
    }
    Map<String, String> problems = new LinkedHashMap<>();
    Double rate =
        parse(form, problems, "captureSampleRate", Double::valueOf, "must be a number from 0 to 1");
    if (rate != null && (rate < 0 || rate > 1)) {
      problems.put("captureSampleRate", "must be from 0 to 1");
    }
    Long bake =
        parse(form, problems, "bakeSeconds", Long::valueOf, "must be a whole number of seconds");
    List<Integer> steps =
        parse(
            form,
            problems,
            "steps",
            EndpointPages::steps,
            "must be whole percentages separated by commas, e.g. 10, 50, 100");
    if (!problems.isEmpty()) {
      model.addAttribute("error", "The endpoint was not created: correct the fields marked.");
      return endpointsPage(user, model, form, problems);
    }
    String strategy = form.get("strategy").isEmpty() ? "instant" : form.get("strategy");
    GatewayApi.NewEndpoint body =
        new GatewayApi.NewEndpoint(
            form.get("name"),
            form.get("modelGroup"),
            rate,
            new GatewayApi.ChampionRollout(
                strategy,
                "instant".equals(strategy) ? null : steps,
                "instant".equals(strategy) ? null : bake));
    try {
      Endpoint created = gateway.createEndpoint(user.accessToken(), body);
      redirect.addFlashAttribute(
          "info",
          "Created endpoint "
              + created.name()
              + ": it serves the champion of "
              + created.modelGroup()
              + " once there is one.");
      return "redirect:/endpoints/" + UriUtils.encodePathSegment(created.name(), "UTF-8");
    } catch (ApiFailure e) {
      model.addAttribute("error", "The endpoint was not created. " + e.getMessage());
      return endpointsPage(user, model, form, DatasetPages.placed(e, NEW_ENDPOINT_FIELDS));
    }
  }

  /** The field's value read by {@code parser}; null when empty or unreadable (then a problem). */
  private static <T> T parse(
      Map<String, String> form,
      Map<String, String> problems,
      String field,
      java.util.function.Function<String, T> parser,
      String message) {
    String text = form.get(field);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (NumberFormatException e) {
      problems.put(field, message);
      return null;
    }
  }

  static List<Integer> steps(String text) {
    return java.util.Arrays.stream(text.split("[,\\s]+"))
        .filter(t -> !t.isEmpty())
        .map(t -> Integer.valueOf(t.replace("%", "")))
        .toList();
  }

  /** A rollout event with policy's decision when it was a gate decision. */
  record GateEvent(RolloutEvent event, Decision decision) {}

  @GetMapping("/endpoints/{name}")
  String endpoint(
      @PathVariable String name, @AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<Window>>> windows =
        fanout.start(() -> monitoring.windows(token, name));
    CompletableFuture<Section<Page<Rollout>>> rollouts =
        fanout.optional("Rollouts", () -> gateway.rollouts(token, name));
    CompletableFuture<Section<Shadow>> shadow =
        fanout.optional("Shadow agreement", () -> gateway.shadow(token, name));
    CompletableFuture<Section<Page<Hosting>>> hostings =
        fanout.optional("SageMaker hostings", () -> gateway.hostings(token, name));
    CompletableFuture<Section<Page<Decision>>> decisions =
        fanout.start(() -> policy.decisions(token, 200));
    Endpoint endpoint = gateway.endpoint(token, name);
    Section<Page<Rollout>> plans = rollouts.join();
    Map<String, Decision> byId = new HashMap<>();
    Section<Page<Decision>> recorded = decisions.join();
    if (recorded.ok()) {
      recorded.value().items().forEach(d -> byId.put(d.decisionId(), d));
    }
    model.addAttribute("rollouts", plans);
    Rollout current =
        plans.ok()
            ? plans.value().items().stream().filter(Rollout::active).findFirst().orElse(null)
            : null;
    Rollout shown =
        current != null
            ? current
            : plans.ok() && !plans.value().isEmpty() ? plans.value().items().get(0) : null;
    model.addAttribute("rollout", shown);
    model.addAttribute(
        "gateEvents",
        shown == null
            ? List.of()
            : shown.history().stream()
                .map(
                    e -> new GateEvent(e, e.decisionId() == null ? null : byId.get(e.decisionId())))
                .toList());
    model.addAttribute("shadow", shadow.join());
    model.addAttribute("hostings", hostings.join());
    Section<Page<Window>> found = windows.join();
    List<Window> evaluated =
        found.ok()
            ? found.value().items().stream()
                .filter(w -> w.count() != null)
                .sorted(Comparator.comparing(Window::windowFrom))
                .toList()
            : List.of();
    model.addAttribute("nav", "endpoints");
    model.addAttribute("endpoint", endpoint);
    model.addAttribute("windows", found);
    model.addAttribute("evaluated", evaluated);
    model.addAttribute("latencyChart", charts.view(latency(evaluated)));
    model.addAttribute("driftChart", charts.view(drift(evaluated)));
    model.addAttribute("errorChart", charts.view(errors(evaluated)));
    return "endpoint";
  }

  /**
   * Pause, resume or abort a rollout: ml-engineers and admins here, in the rules and at the
   * gateway.
   */
  @PostMapping("/endpoints/{name}/rollouts/{id}/{action}")
  String rolloutAction(
      @PathVariable String name,
      @PathVariable String id,
      @PathVariable String action,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.canOperate()) {
      throw new AccessDeniedException("steering a rollout needs the ml-engineer role");
    }
    if (!List.of("pause", "resume", "abort").contains(action)) {
      redirect.addFlashAttribute("error", "Unknown rollout action \"" + action + "\".");
    } else {
      try {
        Rollout r = gateway.rolloutAction(user.accessToken(), name, id, action);
        redirect.addFlashAttribute(
            "info",
            switch (action) {
              case "pause" -> "The rollout is paused at " + r.candidateWeight() + " % of traffic.";
              case "resume" -> "The rollout resumed.";
              default -> "The rollout was aborted: all traffic is back on the champion.";
            });
      } catch (ApiFailure e) {
        redirect.addFlashAttribute("error", "The rollout was not changed. " + e.getMessage());
      }
    }
    return "redirect:/endpoints/" + UriUtils.encodePathSegment(name, "UTF-8");
  }

  static Chart errors(List<Window> windows) {
    return new Chart(
        "line",
        "Error rate per window",
        "Window start (UTC)",
        "Share of requests that failed (0–1)",
        labels(windows),
        List.of(new Series("error rate", windows.stream().map(Window::errorRate).toList())));
  }

  static Chart latency(List<Window> windows) {
    return new Chart(
        "line",
        "Latency per window",
        "Window start (UTC)",
        "Latency (ms)",
        labels(windows),
        List.of(
            new Series("p50", windows.stream().map(Window::latencyP50).toList()),
            new Series("p95", windows.stream().map(Window::latencyP95).toList()),
            new Series("p99", windows.stream().map(Window::latencyP99).toList())));
  }

  static Chart drift(List<Window> windows) {
    return new Chart(
        "line",
        "Drift share per window",
        "Window start (UTC)",
        "Share of features drifted (0–1)",
        labels(windows),
        List.of(new Series("drift share", windows.stream().map(Window::driftShare).toList())));
  }

  private static List<String> labels(List<Window> windows) {
    return windows.stream()
        .map(w -> TIME.format(w.windowFrom()) + " v" + w.version() + " " + w.variant())
        .toList();
  }
}
