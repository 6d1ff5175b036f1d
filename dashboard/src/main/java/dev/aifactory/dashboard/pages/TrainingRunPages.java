package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.TrainingApi;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Training runs: status, trigger and duration; one run's detail. */
@Controller
class TrainingRunPages {

  private final TrainingApi training;

  TrainingRunPages(TrainingApi training) {
    this.training = training;
  }

  @GetMapping("/training-runs")
  String runs(
      @RequestParam(required = false) String modelGroup,
      @AuthenticationPrincipal DashboardUser user,
      Model model) {
    model.addAttribute("nav", "training");
    model.addAttribute("modelGroup", modelGroup);
    model.addAttribute("runs", Section.of(() -> training.runs(user.accessToken(), modelGroup)));
    return "training-runs";
  }

  @GetMapping("/training-runs/{id}")
  String run(@PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    model.addAttribute("nav", "training");
    model.addAttribute("run", training.run(user.accessToken(), id));
    return "training-run";
  }
}
