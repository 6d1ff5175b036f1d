package dev.aifactory.monitoring.baseline.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.monitoring.baseline.Baselines;
import dev.aifactory.monitoring.baseline.ModelBaseline;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read-only view of the baselines taken from {@code model.version-registered}. */
@RestController
@RequestMapping("/api/v1/baselines")
class BaselineController {

  private final Baselines baselines;

  BaselineController(Baselines baselines) {
    this.baselines = baselines;
  }

  @GetMapping("/{modelGroup}/{version}")
  ModelBaseline get(@PathVariable String modelGroup, @PathVariable int version, Caller caller) {
    return baselines
        .find(caller.team(), modelGroup, version)
        .orElseThrow(() -> ApiException.notFound("Baseline", modelGroup + "/" + version));
  }
}
