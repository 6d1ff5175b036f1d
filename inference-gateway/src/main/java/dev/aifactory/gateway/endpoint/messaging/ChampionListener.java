package dev.aifactory.gateway.endpoint.messaging;

import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.gateway.endpoint.EndpointManagement;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the {@code champion} alias of model groups and records registered versions (rollout
 * candidates). The inbox makes a redelivered event a no-op; the switch and its outbox events commit
 * in the inbox's transaction.
 */
@Component
class ChampionListener {

  static final String CONSUMER = "gateway.champions";
  private static final String ALIAS_MOVED = "model.alias-moved";
  private static final String VERSION_REGISTERED = "model.version-registered";

  private final Inbox inbox;
  private final EndpointManagement management;
  private final JsonMapper json;

  ChampionListener(Inbox inbox, EndpointManagement management, JsonMapper json) {
    this.inbox = inbox;
    this.management = management;
    this.json = json;
  }

  @KafkaListener(topics = Topics.MODELS, groupId = "${aifactory.gateway.consumer-group:gateway}")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    if (event.is(VERSION_REGISTERED)) {
      ModelVersionRegistered registered = event.data(json, ModelVersionRegistered.class);
      inbox.once(CONSUMER, event, () -> management.versionRegistered(registered));
      return;
    }
    if (!event.is(ALIAS_MOVED)) {
      return;
    }
    ModelAliasMoved moved = event.data(json, ModelAliasMoved.class);
    if (!ModelAliasMoved.CHAMPION.equals(moved.alias())) {
      return;
    }
    if (inbox.once(CONSUMER, event, () -> management.championMoved(moved))) {
      management.releaseUnusedModels();
    }
  }
}
