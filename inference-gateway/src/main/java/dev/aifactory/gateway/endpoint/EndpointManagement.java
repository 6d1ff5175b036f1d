package dev.aifactory.gateway.endpoint;

import dev.aifactory.common.events.EndpointDeploymentUpdated;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.gateway.admission.DeploymentAdmission;
import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Endpoints and what they serve. Each endpoint serves the champion of its model group: when the
 * champion moves, every endpoint of the group switches to it. A model is always loaded before any
 * deployment points at it, and unloaded once no deployment does.
 */
@Service
public class EndpointManagement {

  private static final Logger log = LoggerFactory.getLogger(EndpointManagement.class);

  private final Endpoints endpoints;
  private final Champions champions;
  private final ModelBackend backend;
  private final Outbox outbox;
  private final Routes routes;
  private final TransactionTemplate tx;
  private final RolloutCoordinator rollouts;
  private final DeploymentGate gate;
  private final AdmissionDenials denials;

  public EndpointManagement(
      Endpoints endpoints,
      Champions champions,
      ModelBackend backend,
      Outbox outbox,
      Routes routes,
      RolloutCoordinator rollouts,
      DeploymentGate gate,
      AdmissionDenials denials,
      PlatformTransactionManager transactions) {
    this.rollouts = rollouts;
    this.gate = gate;
    this.denials = denials;
    this.endpoints = endpoints;
    this.champions = champions;
    this.backend = backend;
    this.outbox = outbox;
    this.routes = routes;
    this.tx = new TransactionTemplate(transactions);
  }

  public Endpoint create(Caller caller, NewEndpoint request) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Creating endpoints needs the ml-engineer or admin role; ask an admin of your team");
    }
    if (request.name() == null || !Endpoint.NAME.matcher(request.name()).matches()) {
      throw ApiException.badRequest(
          "name", "must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
    }
    if (request.modelGroup() == null || request.modelGroup().isBlank()) {
      throw ApiException.badRequest("modelGroup", "must name the model group to serve");
    }
    double rate =
        request.captureSampleRate() == null
            ? Endpoint.DEFAULT_CAPTURE_SAMPLE_RATE
            : request.captureSampleRate();
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw ApiException.badRequest("captureSampleRate", "must be between 0 and 1");
    }
    Quota quota = Quota.of(request.requestsPerSecond(), request.burst());
    if (endpoints.find(request.name()).isPresent()) {
      throw nameTaken(request.name());
    }
    Optional<ModelVersion> champion = champions.champion(caller.team(), request.modelGroup());
    Instant now = Instant.now();
    Endpoint endpoint =
        new Endpoint(
            request.name(),
            caller.team(),
            request.modelGroup(),
            rate,
            caller.subject(),
            List.of(),
            now,
            now,
            quota,
            request.championRollout(),
            Boolean.TRUE.equals(request.publicEndpoint()));
    // Policy first, then load before the deployment exists, so no request finds the endpoint
    // without its model.
    champion.ifPresent(
        model -> {
          gate.requireAdmitted(endpoint, model, backend.name(), caller.subject(), "modelGroup");
          loadForCreate(new DeployedModel(DeployedModel.PRIMARY, backend.name(), 1, model));
        });
    tx.executeWithoutResult(
        status -> {
          endpoints.create(endpoint);
          champion.ifPresent(
              model -> deploy(endpoint.name(), endpoint.team(), model, "endpoint created"));
        });
    routes.refresh(List.of(endpoint.name()));
    return get(caller, endpoint.name());
  }

  public Endpoint get(Caller caller, String name) {
    Endpoint endpoint =
        endpoints
            .find(name)
            .filter(e -> caller.owns(e.team()))
            .orElseThrow(() -> ApiException.notFound("Endpoint", name));
    routes.catchUp(endpoint);
    return endpoint;
  }

  /** Most variants an endpoint may split its traffic over. */
  public static final int MAX_VARIANTS = 10;

  /**
   * Splits the endpoint's traffic over versions of its model group by weight (summing to 1). Every
   * model is loaded before anything changes; the new deployments and their {@code
   * endpoint.deployment-updated} event commit together. The next champion move puts the endpoint
   * back on the champion alone (or rolls it out). Refused (409) while a rollout owns the split.
   */
  public Endpoint setDeployments(Caller caller, String name, List<VariantRequest> variants) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Changing deployments needs the ml-engineer or admin role; ask an admin of your team");
    }
    Endpoint endpoint = get(caller, name);
    List<DeployedModel> deployments = validated(endpoint, variants);
    // Only versions the endpoint does not serve yet are new deployments; re-weighting what is
    // already served needs no admission.
    Set<Integer> served = new HashSet<>();
    endpoint.deployments().forEach(d -> served.add(d.model().version()));
    for (int i = 0; i < deployments.size(); i++) {
      DeployedModel d = deployments.get(i);
      if (served.add(d.model().version())) {
        gate.requireAdmitted(
            endpoint, d.model(), d.backend(), caller.subject(), "deployments[" + i + "].version");
      }
    }
    deployments.forEach(this::loadForCreate);
    tx.executeWithoutResult(
        status -> {
          endpoints.lock(endpoint.name());
          if (rollouts.inProgress(endpoint.name())) {
            throw ApiException.conflict(
                "Endpoint '"
                    + endpoint.name()
                    + "' has a rollout in progress, which owns its traffic split; abort or finish"
                    + " the rollout first");
          }
          endpoints.replaceDeployments(endpoint.name(), endpoint.team(), deployments);
          outbox.publish(
              new EndpointDeploymentUpdated(
                  endpoint.team(),
                  endpoint.name(),
                  deployments.stream().map(DeployedModel::toEvent).toList(),
                  null,
                  "deployments set by "
                      + caller.subject()
                      + ": "
                      + deployments.stream()
                          .map(d -> d.variant() + " v" + d.model().version() + " " + d.weight())
                          .toList()));
        });
    routes.refresh(List.of(endpoint.name()));
    releaseUnusedModels();
    return get(caller, name);
  }

  private List<DeployedModel> validated(Endpoint endpoint, List<VariantRequest> variants) {
    if (variants == null || variants.isEmpty() || variants.size() > MAX_VARIANTS) {
      throw ApiException.badRequest(
          "deployments", "must list 1 to " + MAX_VARIANTS + " variants with their weights");
    }
    Set<String> names = new HashSet<>();
    List<DeployedModel> deployments = new java.util.ArrayList<>();
    double total = 0;
    for (int i = 0; i < variants.size(); i++) {
      VariantRequest v = variants.get(i);
      String at = "deployments[" + i + "]";
      if (v == null) {
        throw ApiException.badRequest(at, "must be {variant, version, weight}");
      }
      if (v.variant() == null || !Endpoint.NAME.matcher(v.variant()).matches()) {
        throw ApiException.badRequest(
            at + ".variant",
            "must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
      }
      if (!names.add(v.variant())) {
        throw ApiException.badRequest(at + ".variant", "variant '" + v.variant() + "' is repeated");
      }
      boolean shadow = v.shadowSampleRate() != null;
      if (shadow) {
        if (!(v.shadowSampleRate() > 0 && v.shadowSampleRate() <= 1)) {
          throw ApiException.badRequest(
              at + ".shadowSampleRate", "must be above 0 and at most 1 (the share mirrored)");
        }
        if (v.weight() != null && v.weight() != 0) {
          throw ApiException.badRequest(
              at + ".weight", "a shadow variant answers no request: leave the weight out or 0");
        }
      } else if (v.weight() == null || !(v.weight() >= 0 && v.weight() <= 1)) {
        throw ApiException.badRequest(at + ".weight", "must be between 0 and 1");
      }
      ModelVersion model = knownVersion(endpoint, v.version(), at + ".version");
      String backendName = backend.name();
      String url = null;
      if (v.backend() != null && !v.backend().equals(backendName)) {
        url = v.url();
        if ("oip".equals(v.backend())) {
          if (url == null || !url.matches("https?://[^/\\s]+(/[^\\s]*)?/v2/models/[^/\\s]+.*")) {
            throw ApiException.badRequest(
                at + ".url",
                "must be the model's URL on an OIP v2 server, like"
                    + " http://host:8000/v2/models/churn");
          }
        } else if ("sagemaker".equals(v.backend())) {
          if (url == null || !url.matches("sagemaker://[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}(/.+)?")) {
            throw ApiException.badRequest(
                at + ".url",
                "must name the SageMaker endpoint and optionally its production variant, like"
                    + " sagemaker://churn-endpoint/variant-a");
          }
        } else {
          throw ApiException.badRequest(
              at + ".backend",
              "must be 'local' (default), 'oip' or 'sagemaker' (the last two with a url)");
        }
        backendName = v.backend();
      } else if (v.url() != null) {
        throw ApiException.badRequest(
            at + ".url", "only an 'oip' or 'sagemaker' backend takes a url");
      }
      if (shadow) {
        deployments.add(
            new DeployedModel(v.variant(), backendName, 0.0, model, v.shadowSampleRate(), url));
        continue;
      }
      total += v.weight();
      deployments.add(new DeployedModel(v.variant(), backendName, v.weight(), model, null, url));
    }
    if (Math.abs(total - 1.0) > 1e-6) {
      throw ApiException.badRequest(
          "deployments", "the weights must sum to 1, but they sum to " + total);
    }
    return deployments;
  }

  /**
   * Sets the endpoint's request quota ({@code requestsPerSecond} null removes it). Every instance
   * applies it: this one at once, the others with their next routing-table refresh.
   */
  public Endpoint setQuota(Caller caller, String name, Double requestsPerSecond, Integer burst) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Changing quotas needs the ml-engineer or admin role; ask an admin of your team");
    }
    Endpoint endpoint = get(caller, name);
    Quota quota = Quota.of(requestsPerSecond, burst);
    endpoints.updateQuota(endpoint.name(), quota);
    routes.refresh(List.of(endpoint.name()));
    return get(caller, name);
  }

  /**
   * Sets what the endpoint does when the champion of its group moves: {@code instant} switches at
   * once (the default), a strategy starts a rollout plan with the given (or default) steps and bake
   * time.
   */
  public Endpoint setChampionRollout(
      Caller caller, String name, String strategy, List<Integer> steps, Long bakeSeconds) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          "Changing the champion rollout needs the ml-engineer or admin role; ask an admin of your"
              + " team");
    }
    Endpoint endpoint = get(caller, name);
    endpoints.updateChampionRollout(endpoint.name(), championRollout(strategy, steps, bakeSeconds));
    routes.refresh(List.of(endpoint.name()));
    return get(caller, name);
  }

  /**
   * A champion-rollout setting from what a caller sent: null or {@code instant} = switch at once.
   */
  public static RolloutPlan championRollout(String strategy, List<Integer> steps, Long bake) {
    if (strategy == null || INSTANT.equals(strategy)) {
      if (steps != null && !steps.isEmpty()) {
        throw ApiException.badRequest(
            "championRollout.steps", "an instant switch has no steps; pick canary or linear");
      }
      return null;
    }
    return RolloutPlan.of("championRollout.", strategy, steps, bake);
  }

  /**
   * The version of the endpoint's model group that {@code field} names; a 400 naming the field when
   * it is missing or unknown to the gateway (with the versions it knows).
   */
  public ModelVersion knownVersion(Endpoint endpoint, Integer version, String field) {
    if (version == null) {
      throw ApiException.badRequest(field, "must name a version of the model group");
    }
    return champions
        .version(endpoint.team(), endpoint.modelGroup(), version)
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    field,
                    "version "
                        + version
                        + " of model group '"
                        + endpoint.modelGroup()
                        + "' is unknown to the gateway; known versions are "
                        + champions.versions(endpoint.team(), endpoint.modelGroup())));
  }

  /** The champion-rollout strategy that switches at once. */
  public static final String INSTANT = "instant";

  public EndpointPage list(Caller caller, int page, int size) {
    PageRequest request = new PageRequest(page, size);
    return new EndpointPage(
        endpoints.page(caller.team(), request.page(), request.size()),
        request.page(),
        request.size(),
        endpoints.count(caller.team()));
  }

  /**
   * Applies a champion move: records the version, loads it, then switches every endpoint of the
   * group to it and publishes {@code endpoint.deployment-updated} for each — or, for an endpoint
   * whose champion-rollout setting is a plan, starts a rollout to it. Must run inside the caller's
   * transaction (the inbox's), so the switch and its events commit together.
   */
  public void championMoved(ModelAliasMoved moved) {
    if (!ModelAliasMoved.CHAMPION.equals(moved.alias())) {
      return;
    }
    ModelVersion model = ModelVersion.of(moved);
    // A failed load throws: the transaction rolls back and the event is retried (then
    // dead-lettered), while endpoints keep serving the previous champion.
    backend.load(model.servable());
    champions.record(model);
    champions.move(model.team(), model.modelGroup(), model.version());
    List<String> serving = endpoints.lockServing(model.team(), model.modelGroup());
    for (String name : serving) {
      Endpoint endpoint = endpoints.find(name).orElseThrow();
      RolloutPlan plan = endpoint.championRollout();
      boolean servesAnother =
          endpoint.mainDeployment().filter(d -> d.model().version() != model.version()).isPresent();
      if (!admitted(endpoint, model)) {
        continue;
      }
      if (plan != null && servesAnother) {
        rollouts.championMoved(endpoint, model, plan);
        continue;
      }
      rollouts.supersede(
          name, "champion of " + model.modelGroup() + " moved to v" + model.version());
      deploy(name, model.team(), model, "champion of " + model.modelGroup() + " moved");
    }
    afterCommit(() -> routes.refresh(serving));
    log.info(
        "Champion of {}/{} is v{}; switched endpoints {}",
        model.team(),
        model.modelGroup(),
        model.version(),
        serving);
  }

  /**
   * Asks policy whether the champion move may change what the endpoint serves. A deny leaves the
   * endpoint as it is (no switch, no rollout) and goes to the endpoint's admission log; policy
   * being unreachable throws {@link dev.aifactory.gateway.admission.AdmissionUnavailable}, which
   * rolls the whole move back so the consumer's error handling retries the event.
   */
  private boolean admitted(Endpoint endpoint, ModelVersion model) {
    if (endpoint.mainDeployment().filter(d -> d.model().version() == model.version()).isPresent()) {
      return true; // Already served: nothing new is deployed.
    }
    DeploymentAdmission.Verdict verdict =
        gate.ask(endpoint, model, backend.name(), "champion-moved");
    if (verdict.allowed()) {
      return true;
    }
    denials.record(
        new AdmissionDenials.Denial(
            endpoint.name(),
            endpoint.team(),
            model.modelGroup(),
            model.version(),
            verdict.decisionId(),
            verdict.reasons(),
            Instant.now()));
    log.warn(
        "Policy denied deploying champion {}/{} v{} to endpoint {}; it keeps serving what it"
            + " served: {}",
        model.team(),
        model.modelGroup(),
        model.version(),
        endpoint.name(),
        verdict.reasons());
    return false;
  }

  /** The champion moves policy refused for the endpoint, newest first. */
  public List<AdmissionDenials.Denial> admissionDenials(Caller caller, String name) {
    Endpoint endpoint = get(caller, name);
    return denials.recent(endpoint.name(), 50);
  }

  /**
   * Records a newly registered version with its data tags, so it can be rolled out before (or
   * without) becoming champion and deployment admission knows whether it was trained on PII.
   * Nothing is loaded until a deployment needs it.
   */
  public void versionRegistered(ModelVersionRegistered registered) {
    if (registered.artifactUri() == null || registered.objective() == null) {
      return;
    }
    ModelVersion model = ModelVersion.of(registered);
    champions.record(model);
    champions.recordDataTags(model.team(), model.modelGroup(), model.version(), registered.tags());
  }

  /** Unloads every loaded version no deployment uses any more. */
  public void releaseUnusedModels() {
    Set<ModelKey> inUse = new HashSet<>();
    endpoints.deployedModels().forEach(m -> inUse.add(m.key()));
    for (ModelKey key : backend.loaded()) {
      if (!inUse.contains(key)) {
        backend.unload(key);
      }
    }
  }

  /** Loads the models of all current deployments (start-up, so a restart serves at once). */
  public void loadDeployedModels() {
    for (ModelVersion model : endpoints.deployedModels()) {
      try {
        backend.load(model.servable());
      } catch (ModelUnavailableException e) {
        // Keep starting: other endpoints can serve; this one answers 503 until the file is back.
        log.error("Could not load deployed model {}: {}", model.key(), e.getMessage());
      }
    }
  }

  private void deploy(String endpoint, String team, ModelVersion model, String reason) {
    List<DeployedModel> deployments =
        List.of(new DeployedModel(DeployedModel.PRIMARY, backend.name(), 1.0, model));
    endpoints.replaceDeployments(endpoint, team, deployments);
    outbox.publish(
        new EndpointDeploymentUpdated(
            team,
            endpoint,
            deployments.stream().map(DeployedModel::toEvent).toList(),
            null,
            reason + ": serving " + model.modelGroup() + " v" + model.version()));
  }

  /**
   * Runs once the surrounding transaction commits (at once without one): the routing table must
   * only show what is committed, or a rollback would leave requests going to a switch that never
   * happened.
   */
  private static void afterCommit(Runnable action) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      action.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }

  private void loadForCreate(DeployedModel deployment) {
    ModelVersion model = deployment.model();
    try {
      backend.load(deployment.servable());
    } catch (ModelUnavailableException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "model-unavailable",
          "Version v"
              + model.version()
              + " of model group '"
              + model.modelGroup()
              + "' cannot be loaded ("
              + e.getMessage()
              + "); nothing was changed, retry once the artifact is readable",
          List.of());
    }
  }

  public static ApiException nameTaken(String name) {
    return ApiException.conflict(
        "An endpoint named '" + name + "' already exists; endpoint names are global, pick another");
  }
}
