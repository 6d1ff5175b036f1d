package dev.aifactory.gateway.endpoint.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.endpoint.AdmissionDenials;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.EndpointManagement;
import dev.aifactory.gateway.endpoint.EndpointPage;
import dev.aifactory.gateway.endpoint.NewEndpoint;
import dev.aifactory.gateway.endpoint.RolloutPlan;
import dev.aifactory.gateway.endpoint.VariantRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Control plane: a team's endpoints and what they serve. */
@RestController
@RequestMapping("/api/v1/endpoints")
class EndpointController {

  private final EndpointManagement management;

  EndpointController(EndpointManagement management) {
    this.management = management;
  }

  record CreateEndpoint(
      @NotNull
          @Pattern(
              regexp = "[a-z0-9][a-z0-9-]{0,62}",
              message =
                  "must be 1-63 lowercase letters, digits or '-', starting with a letter or"
                      + " digit")
          String name,
      @NotBlank String modelGroup,
      @DecimalMin("0.0") @DecimalMax("1.0") Double captureSampleRate,
      Double requestsPerSecond,
      Integer burst,
      ChampionRolloutView championRollout,
      @JsonProperty("public") Boolean publicEndpoint) {}

  /**
   * What the endpoint does when its group's champion moves: {@code instant} (switch at once, the
   * default) or a rollout strategy with optional steps and bake time.
   */
  record ChampionRolloutView(String strategy, List<Integer> steps, Long bakeSeconds) {
    static ChampionRolloutView of(RolloutPlan plan) {
      return plan == null
          ? new ChampionRolloutView(EndpointManagement.INSTANT, null, null)
          : new ChampionRolloutView(plan.strategy().wire(), plan.steps(), plan.bakeSeconds());
    }

    RolloutPlan plan() {
      return EndpointManagement.championRollout(strategy, steps, bakeSeconds);
    }
  }

  /** The variants an endpoint splits its traffic over. */
  record SetDeployments(List<VariantRequest> deployments) {}

  /** A request quota; {@code requestsPerSecond} null removes it. */
  record SetQuota(Double requestsPerSecond, Integer burst) {}

  record DeploymentView(
      String variant,
      String modelGroup,
      int version,
      String backend,
      double weight,
      Double shadowSampleRate) {
    static DeploymentView of(DeployedModel d) {
      return new DeploymentView(
          d.variant(),
          d.model().modelGroup(),
          d.model().version(),
          d.backend(),
          d.weight(),
          d.shadowSampleRate());
    }
  }

  record EndpointView(
      String name,
      String team,
      String modelGroup,
      double captureSampleRate,
      List<DeploymentView> deployments,
      Instant createdAt,
      Instant updatedAt,
      Double requestsPerSecond,
      Integer burst,
      ChampionRolloutView championRollout,
      @JsonProperty("public") boolean publicEndpoint) {
    static EndpointView of(Endpoint e) {
      return new EndpointView(
          e.name(),
          e.team(),
          e.modelGroup(),
          e.captureSampleRate(),
          e.deployments().stream().map(DeploymentView::of).toList(),
          e.createdAt(),
          e.updatedAt(),
          e.quota() == null ? null : e.quota().requestsPerSecond(),
          e.quota() == null ? null : e.quota().burst(),
          ChampionRolloutView.of(e.championRollout()),
          e.publicEndpoint());
    }
  }

  record PageView(List<EndpointView> items, int page, int size, long total) {}

  @PostMapping
  ResponseEntity<EndpointView> create(@Valid @RequestBody CreateEndpoint body, Caller caller) {
    Endpoint created =
        management.create(
            caller,
            new NewEndpoint(
                body.name(),
                body.modelGroup(),
                body.captureSampleRate(),
                body.requestsPerSecond(),
                body.burst(),
                body.championRollout() == null ? null : body.championRollout().plan(),
                body.publicEndpoint()));
    return ResponseEntity.created(URI.create("/api/v1/endpoints/" + created.name()))
        .body(EndpointView.of(created));
  }

  @GetMapping
  PageView list(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    EndpointPage found = management.list(caller, page, size);
    return new PageView(
        found.items().stream().map(EndpointView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  @PutMapping("/{name}/deployments")
  EndpointView setDeployments(
      @PathVariable String name, @RequestBody SetDeployments body, Caller caller) {
    return EndpointView.of(management.setDeployments(caller, name, body.deployments()));
  }

  @PutMapping("/{name}/quota")
  EndpointView setQuota(@PathVariable String name, @RequestBody SetQuota body, Caller caller) {
    return EndpointView.of(
        management.setQuota(caller, name, body.requestsPerSecond(), body.burst()));
  }

  @PutMapping("/{name}/champion-rollout")
  EndpointView setChampionRollout(
      @PathVariable String name, @RequestBody ChampionRolloutView body, Caller caller) {
    return EndpointView.of(
        management.setChampionRollout(
            caller, name, body.strategy(), body.steps(), body.bakeSeconds()));
  }

  /** The champion moves policy refused for this endpoint, newest first (the admission log). */
  @GetMapping("/{name}/admission-denials")
  List<AdmissionDenials.Denial> admissionDenials(@PathVariable String name, Caller caller) {
    return management.admissionDenials(caller, name);
  }

  @GetMapping("/{name}")
  EndpointView get(@PathVariable String name, Caller caller) {
    return EndpointView.of(management.get(caller, name));
  }
}
