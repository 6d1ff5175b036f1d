package dev.aifactory.gateway.rollout;

import dev.aifactory.common.events.EndpointDeploymentUpdated;
import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutAbortRequested;
import dev.aifactory.common.events.RolloutAdvanceRequested;
import dev.aifactory.common.events.RolloutCompleted;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.RolloutStepCompleted;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.gateway.endpoint.Champions;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.DeploymentGate;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.Endpoints;
import dev.aifactory.gateway.endpoint.ModelVersion;
import dev.aifactory.gateway.endpoint.RolloutCoordinator;
import dev.aifactory.gateway.endpoint.RolloutPlan;
import dev.aifactory.gateway.endpoint.Routes;
import dev.aifactory.gateway.serving.ModelBackend;
import dev.aifactory.gateway.serving.ModelKey;
import dev.aifactory.gateway.serving.ModelUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rollout plans: a candidate version takes over an endpoint from its champion variant step by step.
 * Each step's weights, the gate decisions (from policy, or a person) and the bake timer are stored,
 * so a restarted gateway carries on where it stopped. Every change of weights commits with its
 * events ({@code endpoint.rollout-*}, {@code endpoint.deployment-updated}) through the outbox, and
 * the routing table is refreshed only after commit.
 */
@Service
public class RolloutManagement implements RolloutCoordinator {

  private static final Logger log = LoggerFactory.getLogger(RolloutManagement.class);

  static final String CANDIDATE = "candidate";
  static final String POLICY = "policy";

  /** What a caller asks for when starting a rollout. */
  public record StartRollout(
      String modelGroup,
      Integer version,
      String strategy,
      List<Integer> steps,
      Long bakeSeconds,
      String variant,
      Double shadowSampleRate) {}

  /** A page of an endpoint's rollouts, newest first. */
  public record RolloutPage(List<Rollout> items, int page, int size, long total) {}

  private final Rollouts rollouts;
  private final Endpoints endpoints;
  private final Champions champions;
  private final ModelBackend backend;
  private final Outbox outbox;
  private final Routes routes;
  private final MeterRegistry meters;
  private final TransactionTemplate tx;
  private final DeploymentGate gate;

  public RolloutManagement(
      Rollouts rollouts,
      Endpoints endpoints,
      Champions champions,
      ModelBackend backend,
      Outbox outbox,
      Routes routes,
      MeterRegistry meters,
      DeploymentGate gate,
      PlatformTransactionManager transactions) {
    this.gate = gate;
    this.rollouts = rollouts;
    this.endpoints = endpoints;
    this.champions = champions;
    this.backend = backend;
    this.outbox = outbox;
    this.routes = routes;
    this.meters = meters;
    this.tx = new TransactionTemplate(transactions);
  }

  // ---- API ----------------------------------------------------------------------------------

  public Rollout start(Caller caller, String endpointName, StartRollout request) {
    requireEngineer(caller, "Starting rollouts");
    Endpoint endpoint = endpoint(caller, endpointName);
    if (request.modelGroup() != null && !request.modelGroup().equals(endpoint.modelGroup())) {
      throw ApiException.badRequest(
          "modelGroup",
          "endpoint '"
              + endpoint.name()
              + "' serves model group '"
              + endpoint.modelGroup()
              + "'; a rollout moves it to another version of that group");
    }
    if (request.version() == null) {
      throw ApiException.badRequest("version", "must name the version to roll out");
    }
    RolloutPlan plan =
        RolloutPlan.of("", request.strategy(), request.steps(), request.bakeSeconds());
    ModelVersion candidate =
        champions
            .version(endpoint.team(), endpoint.modelGroup(), request.version())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "version",
                        "version "
                            + request.version()
                            + " of model group '"
                            + endpoint.modelGroup()
                            + "' is unknown to the gateway; known versions are "
                            + champions.versions(endpoint.team(), endpoint.modelGroup())));
    String variant = request.variant() == null ? CANDIDATE : request.variant();
    if (!Endpoint.NAME.matcher(variant).matches()) {
      throw ApiException.badRequest(
          "variant",
          "must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
    }
    if (request.shadowSampleRate() != null
        && !(request.shadowSampleRate() > 0 && request.shadowSampleRate() <= 1)) {
      throw ApiException.badRequest(
          "shadowSampleRate", "must be above 0 and at most 1 (the share of requests copied)");
    }
    if (request.shadowSampleRate() != null && plan.strategy() != RolloutPlan.Strategy.SHADOW) {
      throw ApiException.badRequest(
          "shadowSampleRate", "only a shadow rollout copies requests; use strategy shadow");
    }
    double shadowRate = request.shadowSampleRate() == null ? 1.0 : request.shadowSampleRate();
    // Policy before anything is loaded or started: a deny or an unreachable policy changes nothing.
    gate.requireAdmitted(endpoint, candidate, backend.name(), caller.subject(), "version");
    load(candidate);
    String id =
        tx.execute(
            status -> {
              endpoints.lock(endpoint.name());
              Endpoint current =
                  endpoints
                      .find(endpoint.name())
                      .orElseThrow(() -> ApiException.notFound("Endpoint", endpointName));
              rollouts
                  .lockActive(current.name())
                  .ifPresent(
                      active -> {
                        throw inProgressConflict(active);
                      });
              return begin(current, candidate, plan, shadowRate, variant, caller.subject()).id();
            });
    return find(caller, endpointName, id);
  }

  public Rollout get(Caller caller, String endpointName, String id) {
    return find(caller, endpointName, id);
  }

  public RolloutPage list(Caller caller, String endpointName, int page, int size) {
    PageRequest request = new PageRequest(page, size);
    Endpoint endpoint = endpoint(caller, endpointName);
    return new RolloutPage(
        rollouts.page(endpoint.name(), request.page(), request.size()),
        request.page(),
        request.size(),
        rollouts.count(endpoint.name()));
  }

  /** Stops the rollout where it is: no gate decision or bake timer advances it until resumed. */
  public Rollout pause(Caller caller, String endpointName, String id) {
    return manual(
        caller,
        endpointName,
        id,
        "Pausing rollouts",
        r -> {
          if (r.state() == Rollout.State.RUNNING) {
            rollouts.update(
                r.with(
                    Rollout.State.PAUSED,
                    r.currentStep(),
                    r.stepStartedAt(),
                    r.advanceRequested(),
                    r.advanceDecision(),
                    r.reason(),
                    null));
            rollouts.record(r.id(), "paused", r.currentStep(), null, caller.subject(), null);
          }
        });
  }

  /**
   * Lets a paused rollout move again; a gate decision remembered while paused advances it at once
   * if the bake time is over.
   */
  public Rollout resume(Caller caller, String endpointName, String id) {
    return manual(
        caller,
        endpointName,
        id,
        "Resuming rollouts",
        r -> {
          if (r.state() == Rollout.State.PAUSED) {
            Rollout running =
                r.with(
                    Rollout.State.RUNNING,
                    r.currentStep(),
                    r.stepStartedAt(),
                    r.advanceRequested(),
                    r.advanceDecision(),
                    r.reason(),
                    null);
            rollouts.update(running);
            rollouts.record(r.id(), "resumed", r.currentStep(), null, caller.subject(), null);
            if (running.advanceRequested() && running.baked(Instant.now())) {
              advance(running, running.advanceDecision(), caller.subject());
            }
          }
        });
  }

  /** Rolls the endpoint back to the champion variant. */
  public Rollout abort(Caller caller, String endpointName, String id) {
    return manual(
        caller,
        endpointName,
        id,
        "Aborting rollouts",
        r -> rollBack(r, "aborted by " + caller.subject(), null, caller.subject()));
  }

  /**
   * A person's gate decision for the current step: advances once the step's bake time is over, like
   * policy's.
   */
  public Rollout advance(Caller caller, String endpointName, String id) {
    return manual(
        caller,
        endpointName,
        id,
        "Advancing rollouts",
        r -> requestAdvance(r, r.currentStep(), null, caller.subject()));
  }

  // ---- events from policy -------------------------------------------------------------------

  /** Runs in the inbox's transaction; stale requests (other rollout, other step) are ignored. */
  public void advanceRequested(RolloutAdvanceRequested request) {
    Optional<Rollout> found = current(request.team(), request.endpoint(), request.rolloutId());
    if (found.isEmpty()) {
      log.info("Ignoring advance for unknown rollout {}", request.rolloutId());
      return;
    }
    Rollout r = found.get();
    if (!r.isActive() || request.step() != r.currentStep()) {
      rollouts.record(
          r.id(),
          "ignored-advance",
          request.step(),
          request.decisionId(),
          POLICY,
          "stale: rollout is " + r.state() + " at step " + r.currentStep());
      return;
    }
    requestAdvance(r, request.step(), request.decisionId(), POLICY);
  }

  /** Runs in the inbox's transaction; stale requests are ignored. */
  public void abortRequested(RolloutAbortRequested request) {
    Optional<Rollout> found = current(request.team(), request.endpoint(), request.rolloutId());
    if (found.isEmpty()) {
      log.info("Ignoring abort for unknown rollout {}", request.rolloutId());
      return;
    }
    Rollout r = found.get();
    if (!r.isActive() || request.step() != r.currentStep()) {
      rollouts.record(
          r.id(),
          "ignored-abort",
          request.step(),
          request.decisionId(),
          POLICY,
          "stale: rollout is " + r.state() + " at step " + r.currentStep());
      return;
    }
    String why =
        request.reasons() == null || request.reasons().isEmpty()
            ? "rollout gate failed"
            : String.join("; ", request.reasons());
    rollBack(r, "policy: " + why, request.decisionId(), POLICY);
  }

  // ---- bake timer ---------------------------------------------------------------------------

  /**
   * Advances running rollouts whose step was approved before its bake time was over, once it is.
   * The timer is the stored step start plus the bake time, so it survives restarts; the row lock
   * and the re-check keep two instances from advancing the same step twice.
   */
  @Scheduled(
      fixedDelayString = "${aifactory.gateway.rollouts.tick-interval:1s}",
      initialDelayString = "${aifactory.gateway.rollouts.tick-interval:1s}")
  public void advanceBaked() {
    List<String> due;
    try {
      due = rollouts.dueForAdvance(Instant.now());
    } catch (RuntimeException e) {
      log.warn("Could not look for rollouts to advance: {}", e.getMessage());
      return;
    }
    for (String id : due) {
      try {
        tx.executeWithoutResult(
            status ->
                rollouts
                    .lock(id)
                    .filter(r -> r.state() == Rollout.State.RUNNING && r.advanceRequested())
                    .filter(r -> r.baked(Instant.now()))
                    .ifPresent(r -> advance(r, r.advanceDecision(), "bake-timer")));
      } catch (RuntimeException e) {
        log.error("Could not advance rollout {}: {}", id, e.getMessage(), e);
      }
    }
  }

  // ---- RolloutCoordinator -------------------------------------------------------------------

  @Override
  public boolean inProgress(String endpoint) {
    return rollouts.hasActive(endpoint);
  }

  @Override
  public void championMoved(Endpoint endpoint, ModelVersion champion, RolloutPlan plan) {
    Optional<Rollout> active = rollouts.lockActive(endpoint.name());
    if (active.isPresent()) {
      if (active.get().candidateVersion() == champion.version()) {
        return; // Already rolling the new champion out.
      }
      rollBack(
          active.get(),
          "superseded: champion moved to v" + champion.version(),
          null,
          "champion-moved");
    }
    Endpoint current = endpoints.find(endpoint.name()).orElseThrow();
    DeployedModel main = current.mainDeployment().orElse(null);
    if (main == null || main.model().version() == champion.version()) {
      return;
    }
    String variant = CANDIDATE.equals(main.variant()) ? DeployedModel.PRIMARY : CANDIDATE;
    begin(current, champion, plan, 1.0, variant, "champion-moved");
  }

  @Override
  public void supersede(String endpoint, String reason) {
    rollouts
        .lockActive(endpoint)
        .ifPresent(
            r -> {
              finish(r, Rollout.State.ROLLED_BACK, "superseded: " + reason);
              rollouts.record(r.id(), "superseded", r.currentStep(), null, null, reason);
              outbox.publish(
                  new RolledBack(
                      r.team(),
                      r.endpoint(),
                      r.id(),
                      r.modelGroup(),
                      r.candidateVersion(),
                      r.championVersion(),
                      "superseded: " + reason,
                      null,
                      null));
              count(r, "superseded");
            });
  }

  // ---- transitions (inside a transaction) ---------------------------------------------------

  private Rollout begin(
      Endpoint endpoint,
      ModelVersion candidate,
      RolloutPlan plan,
      double shadowRate,
      String variant,
      String actor) {
    DeployedModel champion =
        endpoint
            .mainDeployment()
            .orElseThrow(
                () ->
                    ApiException.conflict(
                        "Endpoint '"
                            + endpoint.name()
                            + "' serves nothing yet, so there is no champion to roll out from;"
                            + " it deploys its group's champion once one is promoted"));
    if (champion.model().version() == candidate.version()) {
      throw ApiException.badRequest(
          "version",
          "endpoint '"
              + endpoint.name()
              + "' already serves v"
              + candidate.version()
              + " as variant '"
              + champion.variant()
              + "'");
    }
    if (variant.equals(champion.variant())) {
      throw ApiException.badRequest(
          "variant", "'" + variant + "' is the champion variant's name; pick another");
    }
    Instant now = Instant.now();
    Rollout rollout =
        new Rollout(
            UUID.randomUUID().toString(),
            endpoint.name(),
            endpoint.team(),
            endpoint.modelGroup(),
            candidate.version(),
            variant,
            champion.model().version(),
            champion.variant(),
            plan,
            plan.strategy() == RolloutPlan.Strategy.SHADOW ? shadowRate : null,
            Rollout.State.RUNNING,
            0,
            now,
            false,
            null,
            actor,
            null,
            now,
            now,
            null,
            List.of());
    rollouts.insert(rollout);
    rollouts.record(
        rollout.id(),
        "started",
        0,
        null,
        actor,
        plan.strategy().wire()
            + " "
            + plan.steps()
            + ", bake "
            + plan.bakeSeconds()
            + " s: v"
            + champion.model().version()
            + " -> v"
            + candidate.version());
    outbox.publish(
        new RolloutStarted(
            rollout.team(),
            rollout.endpoint(),
            rollout.id(),
            rollout.modelGroup(),
            rollout.candidateVersion(),
            rollout.candidateVariant(),
            rollout.championVersion(),
            rollout.championVariant(),
            plan.strategy().wire(),
            plan.steps(),
            plan.bakeSeconds(),
            actor));
    applyStep(rollout, champion.model(), candidate, null, actor);
    count(rollout, "started");
    return rollout;
  }

  private void requestAdvance(Rollout r, int step, String decisionId, String actor) {
    rollouts.record(r.id(), "advance-requested", step, decisionId, actor, null);
    if (r.state() == Rollout.State.RUNNING && r.baked(Instant.now())) {
      advance(r, decisionId, actor);
      return;
    }
    // Remembered: the bake timer (or resume) advances it once the step has baked.
    rollouts.update(
        r.with(r.state(), r.currentStep(), r.stepStartedAt(), true, decisionId, r.reason(), null));
  }

  private void advance(Rollout r, String decisionId, String actor) {
    if (r.onLastStep()) {
      complete(r, decisionId, actor);
      return;
    }
    Rollout next =
        r.with(
            Rollout.State.RUNNING,
            r.currentStep() + 1,
            Instant.now(),
            false,
            null,
            r.reason(),
            null);
    rollouts.update(next);
    applyStep(
        next,
        model(next, next.championVersion()),
        model(next, next.candidateVersion()),
        decisionId,
        actor);
    count(next, "advanced");
  }

  /** Sets the weights of the rollout's current step and announces them. */
  private void applyStep(
      Rollout r, ModelVersion champion, ModelVersion candidate, String decisionId, String actor) {
    int weight = r.plan().weightAt(r.currentStep());
    List<DeployedModel> deployments =
        List.of(
            championDeployment(r, champion).with(r.championVariant(), (100 - weight) / 100.0, null),
            weight == 0
                ? DeployedModel.shadow(
                    r.candidateVariant(),
                    backend.name(),
                    candidate,
                    r.shadowSampleRate() == null ? 1.0 : r.shadowSampleRate())
                : new DeployedModel(
                    r.candidateVariant(), backend.name(), weight / 100.0, candidate));
    replace(
        r,
        deployments,
        "rollout "
            + r.id()
            + " step "
            + r.currentStep()
            + ": v"
            + candidate.version()
            + (weight == 0 ? " shadows the champion" : " takes " + weight + "%"));
    rollouts.record(r.id(), "step", r.currentStep(), decisionId, actor, weight + "%");
    outbox.publish(
        new RolloutStepCompleted(
            r.team(),
            r.endpoint(),
            r.id(),
            r.modelGroup(),
            r.candidateVersion(),
            r.currentStep(),
            weight,
            decisionId));
  }

  /**
   * The champion's deployment as the endpoint has it (keeping a remote backend and its URL), or an
   * in-process one if it is gone.
   */
  private DeployedModel championDeployment(Rollout r, ModelVersion champion) {
    return endpoints.find(r.endpoint()).stream()
        .flatMap(e -> e.deployments().stream())
        .filter(
            d ->
                d.variant().equals(r.championVariant())
                    && d.model().version() == champion.version())
        .findFirst()
        .orElse(new DeployedModel(r.championVariant(), backend.name(), 1.0, champion));
  }

  private void complete(Rollout r, String decisionId, String actor) {
    ModelVersion candidate = model(r, r.candidateVersion());
    finish(r, Rollout.State.COMPLETED, null);
    replace(
        r,
        List.of(new DeployedModel(DeployedModel.PRIMARY, backend.name(), 1.0, candidate)),
        "rollout " + r.id() + " completed: serving v" + candidate.version());
    rollouts.record(r.id(), "completed", r.currentStep(), decisionId, actor, null);
    outbox.publish(
        new RolloutCompleted(r.team(), r.endpoint(), r.id(), r.modelGroup(), r.candidateVersion()));
    count(r, "completed");
  }

  private void rollBack(Rollout r, String reason, String decisionId, String actor) {
    ModelVersion champion = model(r, r.championVersion());
    finish(r, Rollout.State.ROLLED_BACK, reason);
    replace(
        r,
        List.of(championDeployment(r, champion).with(r.championVariant(), 1.0, null)),
        "rollout " + r.id() + " rolled back (" + reason + "): serving v" + champion.version());
    rollouts.record(r.id(), "rolled-back", r.currentStep(), decisionId, actor, reason);
    outbox.publish(
        new RolledBack(
            r.team(),
            r.endpoint(),
            r.id(),
            r.modelGroup(),
            r.candidateVersion(),
            r.championVersion(),
            reason,
            decisionId,
            actor));
    count(r, "rolled-back");
  }

  private void finish(Rollout r, Rollout.State state, String reason) {
    rollouts.update(
        r.with(state, r.currentStep(), r.stepStartedAt(), false, null, reason, Instant.now()));
  }

  private void replace(Rollout r, List<DeployedModel> deployments, String reason) {
    endpoints.replaceDeployments(r.endpoint(), r.team(), deployments);
    outbox.publish(
        new EndpointDeploymentUpdated(
            r.team(),
            r.endpoint(),
            deployments.stream().map(DeployedModel::toEvent).toList(),
            r.id(),
            reason));
    String endpoint = r.endpoint();
    afterCommit(
        () -> {
          routes.refresh(List.of(endpoint));
          releaseUnusedModels();
        });
    log.info("Endpoint {}: {}", endpoint, reason);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private Rollout manual(
      Caller caller,
      String endpointName,
      String id,
      String action,
      java.util.function.Consumer<Rollout> change) {
    requireEngineer(caller, action);
    Endpoint endpoint = endpoint(caller, endpointName);
    tx.executeWithoutResult(
        status -> {
          Rollout r =
              rollouts
                  .lock(id)
                  .filter(found -> found.endpoint().equals(endpoint.name()))
                  .orElseThrow(() -> ApiException.notFound("Rollout", id));
          if (!r.isActive()) {
            throw ApiException.conflict(
                "Rollout "
                    + id
                    + " is "
                    + r.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + "; only a running or paused rollout can change");
          }
          change.accept(r);
        });
    return find(caller, endpointName, id);
  }

  private Optional<Rollout> current(String team, String endpoint, String rolloutId) {
    if (rolloutId == null) {
      return Optional.empty();
    }
    return rollouts
        .lock(rolloutId)
        .filter(r -> r.endpoint().equals(endpoint) && r.team().equals(team));
  }

  private Rollout find(Caller caller, String endpointName, String id) {
    Endpoint endpoint = endpoint(caller, endpointName);
    return rollouts
        .find(id)
        .filter(r -> r.endpoint().equals(endpoint.name()))
        .orElseThrow(() -> ApiException.notFound("Rollout", id));
  }

  private Endpoint endpoint(Caller caller, String name) {
    return endpoints
        .find(name)
        .filter(e -> caller.owns(e.team()))
        .orElseThrow(() -> ApiException.notFound("Endpoint", name));
  }

  private ModelVersion model(Rollout r, int version) {
    return champions
        .version(r.team(), r.modelGroup(), version)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "rollout " + r.id() + " names unknown version " + version));
  }

  private void load(ModelVersion model) {
    try {
      backend.load(model.servable());
    } catch (ModelUnavailableException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "model-unavailable",
          "Version v"
              + model.version()
              + " cannot be loaded ("
              + e.getMessage()
              + "); nothing was changed, retry once the artifact is readable",
          List.of());
    }
  }

  private void releaseUnusedModels() {
    Set<ModelKey> inUse = new HashSet<>();
    endpoints.deployedModels().forEach(m -> inUse.add(m.key()));
    for (ModelKey key : new ArrayList<>(backend.loaded())) {
      if (!inUse.contains(key)) {
        backend.unload(key);
      }
    }
  }

  private void count(Rollout r, String outcome) {
    meters
        .counter(
            "aifactory.gateway.rollouts",
            "team",
            r.team(),
            "endpoint",
            r.endpoint(),
            "model",
            r.modelGroup(),
            "version",
            Integer.toString(r.candidateVersion()),
            "outcome",
            outcome)
        .increment();
  }

  private static void requireEngineer(Caller caller, String action) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden(
          action + " needs the ml-engineer or admin role; ask an admin of your team");
    }
  }

  private static ApiException inProgressConflict(Rollout active) {
    return ApiException.conflict(
        "Endpoint '"
            + active.endpoint()
            + "' already has rollout "
            + active.id()
            + " in progress (v"
            + active.candidateVersion()
            + ", step "
            + active.currentStep()
            + ", "
            + active.state().name().toLowerCase(java.util.Locale.ROOT)
            + "); abort it or let it finish first");
  }

  /** Runs once the surrounding transaction commits (at once without one). */
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
}
