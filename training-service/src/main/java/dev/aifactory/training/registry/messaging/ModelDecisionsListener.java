package dev.aifactory.training.registry.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.ModelVersionApproved;
import dev.aifactory.common.events.ModelVersionRejected;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.training.registry.ModelRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Promotion decisions of policy: set the version's status and, on approval, the champion. */
@Component
class ModelDecisionsListener {

  private static final String CONSUMER = "training.model-decisions";

  private final Inbox inbox;
  private final JsonMapper json;
  private final ModelRegistry registry;

  ModelDecisionsListener(Inbox inbox, JsonMapper json, ModelRegistry registry) {
    this.inbox = inbox;
    this.json = json;
    this.registry = registry;
  }

  @KafkaListener(topics = Topics.MODELS, groupId = "training")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent e = IncomingEvent.from(record);
    if (e.is("model.version-approved")) {
      ModelVersionApproved a = e.data(json, ModelVersionApproved.class);
      inbox.once(
          CONSUMER,
          e,
          () -> registry.approved(a.team(), a.modelGroup(), a.version(), a.decisionId()));
    } else if (e.is("model.version-rejected")) {
      ModelVersionRejected r = e.data(json, ModelVersionRejected.class);
      inbox.once(
          CONSUMER,
          e,
          () -> registry.rejected(r.team(), r.modelGroup(), r.version(), r.decisionId()));
    }
  }
}
