package dev.aifactory.gateway.dataplane.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.dataplane.InferenceRouter;
import dev.aifactory.gateway.dataplane.ShadowMirror;
import dev.aifactory.gateway.dataplane.ShadowMirror.ShadowReport;
import dev.aifactory.gateway.endpoint.Endpoint;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * How an endpoint's shadow variants compare with what it serves: agreement, prediction distance and
 * latency delta, as counted by this gateway instance since it started.
 */
@RestController
class ShadowController {

  private final InferenceRouter router;
  private final ShadowMirror shadows;

  ShadowController(InferenceRouter router, ShadowMirror shadows) {
    this.router = router;
    this.shadows = shadows;
  }

  record ShadowView(String endpoint, List<ShadowReport> shadows) {}

  @GetMapping("/api/v1/endpoints/{name}/shadow")
  ShadowView shadow(@PathVariable String name, Caller caller) {
    Endpoint endpoint = router.endpoint(caller, name);
    return new ShadowView(endpoint.name(), shadows.report(endpoint));
  }
}
