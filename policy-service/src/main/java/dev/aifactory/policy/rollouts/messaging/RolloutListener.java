package dev.aifactory.policy.rollouts.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.RolledBack;
import dev.aifactory.common.events.RolloutCompleted;
import dev.aifactory.common.events.RolloutStarted;
import dev.aifactory.common.events.RolloutStepCompleted;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.WindowEvaluated;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.policy.rollouts.RolloutGate;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds the rollout gate. Its own consumer group, so that the gate's latency does not depend on the
 * loop's backlog; the record timestamp (when the gateway published the step) marks where a step
 * began.
 */
@Component
class RolloutListener {

  static final String CONSUMER = "policy-rollouts";

  private final Inbox inbox;
  private final RolloutGate gate;
  private final JsonMapper json;

  RolloutListener(Inbox inbox, RolloutGate gate, JsonMapper json) {
    this.inbox = inbox;
    this.gate = gate;
    this.json = json;
  }

  @KafkaListener(
      topics = {Topics.ENDPOINTS, Topics.MONITORING},
      groupId = CONSUMER)
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    String type = event.shortType();
    if (type == null) {
      return;
    }
    Instant at = Instant.ofEpochMilli(record.timestamp());
    switch (type) {
      case "endpoint.rollout-started" -> {
        RolloutStarted e = event.data(json, RolloutStarted.class);
        inbox.once(CONSUMER, event, () -> gate.started(e, at));
      }
      case "endpoint.rollout-step-completed" -> {
        RolloutStepCompleted e = event.data(json, RolloutStepCompleted.class);
        inbox.once(CONSUMER, event, () -> gate.stepCompleted(e, at));
      }
      case "endpoint.rollout-completed" -> {
        RolloutCompleted e = event.data(json, RolloutCompleted.class);
        inbox.once(CONSUMER, event, () -> gate.completed(e));
      }
      case "endpoint.rolled-back" -> {
        RolledBack e = event.data(json, RolledBack.class);
        inbox.once(CONSUMER, event, () -> gate.rolledBack(e));
      }
      case "monitoring.window-evaluated" -> {
        WindowEvaluated e = event.data(json, WindowEvaluated.class);
        inbox.once(CONSUMER, event, () -> gate.windowEvaluated(e));
      }
      default -> {
        // Not a concern of the gate.
      }
    }
  }
}
