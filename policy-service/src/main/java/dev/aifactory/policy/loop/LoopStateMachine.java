package dev.aifactory.policy.loop;

import dev.aifactory.common.events.LoopStateChanged;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.audit.AuditTrail;
import dev.aifactory.policy.loop.LoopState.State;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The feedback loop of each model group as an explicit, persisted state machine: idle → retraining
 * → evaluating → promoted | awaiting-approval | cooling-down, rolling-out → promoted | rolled-back,
 * then cooling-down → idle. Every transition is stored, audited and published ({@code
 * policy.loop-state-changed}) in the caller's transaction; a transition the machine does not allow
 * (an event arriving late, say) is logged and ignored. Since the state lives in the database and
 * the timed transitions are a scheduled query, the loop resumes where it was after a restart.
 */
@Service
public class LoopStateMachine {

  private static final Logger log = LoggerFactory.getLogger(LoopStateMachine.class);

  private final Loops loops;
  private final Outbox outbox;
  private final AuditTrail audit;
  private final Clock clock;
  private final LoopProperties properties;
  private final MeterRegistry meters;

  LoopStateMachine(
      Loops loops,
      Outbox outbox,
      AuditTrail audit,
      Clock clock,
      LoopProperties properties,
      MeterRegistry meters) {
    this.loops = loops;
    this.outbox = outbox;
    this.audit = audit;
    this.clock = clock;
    this.properties = properties;
    this.meters = meters;
  }

  /** Moves the loop to {@code to} if the machine allows it; returns the state it is in after. */
  @Transactional
  public LoopState move(
      String team, String modelGroup, State to, String reason, String decisionId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    LoopState current = loops.lock(team, modelGroup, now);
    return move(current, to, reason, decisionId, now);
  }

  /** The loop, locked: to read the state a decision depends on in the deciding transaction. */
  @Transactional
  public LoopState current(String team, String modelGroup) {
    return loops.lock(team, modelGroup, clock.instant().truncatedTo(ChronoUnit.MICROS));
  }

  private LoopState move(
      LoopState current, State to, String reason, String decisionId, Instant now) {
    if (!current.state().canMoveTo(to)) {
      if (current.state() != to) {
        log.debug(
            "Loop {}/{}: ignoring {} -> {} ({})",
            current.team(),
            current.modelGroup(),
            current.state().id(),
            to.id(),
            reason);
      }
      return current;
    }
    Instant cooldownUntil = to == State.COOLING_DOWN ? now.plus(properties.stateCooldown()) : null;
    LoopState next =
        new LoopState(
            current.team(), current.modelGroup(), to, now, reason, decisionId, cooldownUntil);
    loops.save(next);
    outbox.publish(
        new LoopStateChanged(
            current.team(),
            current.modelGroup(),
            current.state().id(),
            to.id(),
            reason,
            decisionId));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", current.state().id());
    details.put("to", to.id());
    details.put("reason", reason);
    details.put("decisionId", decisionId);
    if (cooldownUntil != null) {
      details.put("cooldownUntil", cooldownUntil.toString());
    }
    audit.record("policy", "loop.state-changed", current.modelGroup(), current.team(), details);
    meters
        .counter(
            "aifactory.policy.loop.transitions",
            "team",
            current.team(),
            "model",
            current.modelGroup(),
            "to",
            to.id())
        .increment();
    return next;
  }

  /**
   * The timed transitions: a promoted or rolled-back loop starts cooling down, a cooled-down loop
   * becomes idle. Instances skip each other's rows.
   */
  @Transactional
  public int tick() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int moved = 0;
    for (LoopState due : loops.lockDue(now, 100)) {
      State to = due.state() == State.COOLING_DOWN ? State.IDLE : State.COOLING_DOWN;
      String reason =
          to == State.IDLE
              ? "cooldown over"
              : "cooling down for "
                  + properties.stateCooldown().toMinutes()
                  + " min after "
                  + due.state().id();
      move(due, to, reason, due.decisionId(), now);
      moved++;
    }
    return moved;
  }

  @Transactional(readOnly = true)
  public List<LoopState> list(Caller caller) {
    return loops.list(caller.team());
  }

  @Transactional(readOnly = true)
  public LoopState get(String modelGroup, Caller caller) {
    return loops
        .find(caller.team(), modelGroup)
        .orElseThrow(() -> ApiException.notFound("Loop", modelGroup));
  }
}
