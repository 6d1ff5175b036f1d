package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.MonitoringApi;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Drift reports with the statistics of every feature. */
@Controller
class MonitoringPages {

  private final MonitoringApi monitoring;

  MonitoringPages(MonitoringApi monitoring) {
    this.monitoring = monitoring;
  }

  @GetMapping("/monitoring")
  String reports(@AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "monitoring");
    model.addAttribute(
        "reports", Section.of(() -> monitoring.driftReports(user.accessToken(), 50)));
    return "monitoring";
  }

  @GetMapping("/monitoring/drift-reports/{id}")
  String report(@PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "monitoring");
    model.addAttribute("report", monitoring.driftReport(user.accessToken(), id));
    return "drift-report";
  }
}
