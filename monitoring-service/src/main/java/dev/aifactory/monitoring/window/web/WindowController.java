package dev.aifactory.monitoring.window.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.drift.ModelMonitorFiles;
import dev.aifactory.monitoring.monitor.Monitor;
import dev.aifactory.monitoring.monitor.Monitors;
import dev.aifactory.monitoring.window.MonitoringWindow;
import dev.aifactory.monitoring.window.WindowFiles;
import dev.aifactory.monitoring.window.Windows;
import dev.aifactory.monitoring.window.Windows.WindowFilter;
import dev.aifactory.monitoring.window.web.WindowViews.DriftReport;
import dev.aifactory.monitoring.window.web.WindowViews.WindowDetail;
import dev.aifactory.monitoring.window.web.WindowViews.WindowSummary;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Windows and drift reports of the caller's team; other teams' objects do not exist for it (404). A
 * drift report is a window with dataset drift, under the same id ({@code reportId} in {@code
 * monitoring.drift-detected}).
 */
@RestController
class WindowController {

  private final Windows windows;
  private final WindowFiles files;
  private final Monitors monitors;

  WindowController(Windows windows, WindowFiles files, Monitors monitors) {
    this.windows = windows;
    this.files = files;
    this.monitors = monitors;
  }

  /** The windows of a monitor's endpoint, newest first. */
  @GetMapping("/api/v1/monitors/{id}/windows")
  Page<WindowSummary> monitorWindows(
      @PathVariable String id,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException notAUuid) {
      throw ApiException.notFound("Monitor", id);
    }
    Monitor monitor =
        monitors.find(caller.team(), uuid).orElseThrow(() -> ApiException.notFound("Monitor", id));
    return list(
        new WindowFilter(caller.team(), monitor.endpoint(), null, false),
        page,
        size,
        WindowSummary::of);
  }

  @GetMapping("/api/v1/windows")
  Page<WindowSummary> windows(
      @RequestParam(required = false) String endpoint,
      @RequestParam(required = false) String modelGroup,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    return list(
        new WindowFilter(caller.team(), blankToNull(endpoint), blankToNull(modelGroup), false),
        page,
        size,
        WindowSummary::of);
  }

  @GetMapping("/api/v1/windows/{id}")
  WindowDetail window(@PathVariable String id, Caller caller) {
    return WindowDetail.of(find(caller, id, "Window"));
  }

  @GetMapping("/api/v1/drift-reports")
  Page<DriftReport> driftReports(
      @RequestParam(required = false) String modelGroup,
      @RequestParam(required = false) String endpoint,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    return list(
        new WindowFilter(caller.team(), blankToNull(endpoint), blankToNull(modelGroup), true),
        page,
        size,
        DriftReport::of);
  }

  @GetMapping("/api/v1/drift-reports/{id}")
  DriftReport driftReport(@PathVariable String id, Caller caller) {
    MonitoringWindow window = find(caller, id, "Drift report");
    if (window.result() == null || !window.result().datasetDrift()) {
      throw ApiException.notFound("Drift report", id);
    }
    return DriftReport.of(window);
  }

  /**
   * One of the window's SageMaker Model Monitor files ({@code statistics.json}, {@code
   * constraints.json}, {@code constraint_violations.json}). Every evaluated window has them,
   * drifted or not, under the window id.
   */
  @GetMapping("/api/v1/drift-reports/{id}/files/{name:.+}")
  ResponseEntity<String> file(@PathVariable String id, @PathVariable String name, Caller caller) {
    MonitoringWindow window = find(caller, id, "Drift report");
    if (!ModelMonitorFiles.NAMES.contains(name)) {
      throw ApiException.notFound("File", name);
    }
    String content =
        files
            .find(caller.team(), window.id(), name)
            .orElseThrow(() -> ApiException.notFound("File", id + "/" + name));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
        .body(content);
  }

  private <T> Page<T> list(
      WindowFilter filter, int page, int size, Function<MonitoringWindow, T> view) {
    PageRequest.check(page, size);
    Page<MonitoringWindow> found = windows.list(filter, page, size);
    return new Page<>(
        found.items().stream().map(view).toList(), found.page(), found.size(), found.total());
  }

  private MonitoringWindow find(Caller caller, String id, String resource) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException notAUuid) {
      throw ApiException.notFound(resource, id);
    }
    return windows.find(caller.team(), uuid).orElseThrow(() -> ApiException.notFound(resource, id));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
