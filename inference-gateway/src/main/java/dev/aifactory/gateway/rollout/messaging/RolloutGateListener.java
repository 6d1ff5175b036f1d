package dev.aifactory.gateway.rollout.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.RolloutAbortRequested;
import dev.aifactory.common.events.RolloutAdvanceRequested;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.gateway.rollout.RolloutManagement;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy's rollout gate decisions. The inbox makes a redelivered decision a no-op; the step change
 * and its outbox events commit in the inbox's transaction. Stale decisions (another rollout, an old
 * step) are recorded in the rollout's history and otherwise ignored.
 */
@Component
class RolloutGateListener {

  static final String CONSUMER = "gateway.rollout-gate";
  private static final String ADVANCE = "policy.rollout-advance-requested";
  private static final String ABORT = "policy.rollout-abort-requested";

  private final Inbox inbox;
  private final RolloutManagement rollouts;
  private final JsonMapper json;

  RolloutGateListener(Inbox inbox, RolloutManagement rollouts, JsonMapper json) {
    this.inbox = inbox;
    this.rollouts = rollouts;
    this.json = json;
  }

  @KafkaListener(topics = Topics.POLICY, groupId = "${aifactory.gateway.consumer-group:gateway}")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    if (event.is(ADVANCE)) {
      RolloutAdvanceRequested advance = event.data(json, RolloutAdvanceRequested.class);
      inbox.once(CONSUMER, event, () -> rollouts.advanceRequested(advance));
    } else if (event.is(ABORT)) {
      RolloutAbortRequested abort = event.data(json, RolloutAbortRequested.class);
      inbox.once(CONSUMER, event, () -> rollouts.abortRequested(abort));
    }
  }
}
