package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.pages.Charts.Chart;
import dev.aifactory.dashboard.pages.Charts.Series;
import dev.aifactory.dashboard.services.GatewayApi;
import dev.aifactory.dashboard.services.GatewayApi.Endpoint;
import dev.aifactory.dashboard.services.MonitoringApi;
import dev.aifactory.dashboard.services.MonitoringApi.Window;
import dev.aifactory.dashboard.services.Page;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Endpoints: what they serve, and latency and drift over monitoring's windows. */
@Controller
class EndpointPages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final GatewayApi gateway;
  private final MonitoringApi monitoring;
  private final Fanout fanout;
  private final Charts charts;

  EndpointPages(GatewayApi gateway, MonitoringApi monitoring, Fanout fanout, Charts charts) {
    this.gateway = gateway;
    this.monitoring = monitoring;
    this.fanout = fanout;
    this.charts = charts;
  }

  @GetMapping("/endpoints")
  String endpoints(@AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "endpoints");
    model.addAttribute("endpoints", Section.of(() -> gateway.endpoints(user.accessToken())));
    return "endpoints";
  }

  @GetMapping("/endpoints/{name}")
  String endpoint(
      @PathVariable String name, @AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<Window>>> windows =
        fanout.start(() -> monitoring.windows(token, name));
    Endpoint endpoint = gateway.endpoint(token, name);
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
    return "endpoint";
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
