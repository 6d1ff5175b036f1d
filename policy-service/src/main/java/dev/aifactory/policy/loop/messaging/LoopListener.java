package dev.aifactory.policy.loop.messaging;

import dev.aifactory.common.events.BudgetExceeded;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.DriftDetected;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionApproved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.events.ModelVersionRejected;
import dev.aifactory.common.events.QualityDegraded;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.TrainingRunCancelled;
import dev.aifactory.common.events.TrainingRunCompleted;
import dev.aifactory.common.events.TrainingRunFailed;
import dev.aifactory.common.events.TrainingRunRejected;
import dev.aifactory.common.events.TrainingRunRequested;
import dev.aifactory.common.events.TrainingRunStarted;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.policy.loop.FeedbackLoop;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds the loop from Kafka. Each effect runs inside {@code inbox.once}, so a redelivered event
 * makes no second decision; events of other types (including policy's own) are ignored.
 */
@Component
class LoopListener {

  static final String CONSUMER = "policy-loop";

  private final Inbox inbox;
  private final FeedbackLoop loop;
  private final JsonMapper json;

  LoopListener(Inbox inbox, FeedbackLoop loop, JsonMapper json) {
    this.inbox = inbox;
    this.loop = loop;
    this.json = json;
  }

  @KafkaListener(
      topics = {Topics.DATASETS, Topics.MODELS, Topics.MONITORING, Topics.TRAINING},
      groupId = "policy")
  void on(ConsumerRecord<String, String> record) {
    IncomingEvent event = IncomingEvent.from(record);
    String type = event.shortType();
    if (type == null) {
      return;
    }
    switch (type) {
      case "dataset.version-registered" -> {
        DatasetVersionRegistered e = event.data(json, DatasetVersionRegistered.class);
        inbox.once(CONSUMER, event, () -> loop.datasetVersionRegistered(e));
      }
      case "model.version-registered" -> {
        ModelVersionRegistered e = event.data(json, ModelVersionRegistered.class);
        inbox.once(CONSUMER, event, () -> loop.modelVersionRegistered(e));
      }
      case "model.alias-moved" -> {
        ModelAliasMoved e = event.data(json, ModelAliasMoved.class);
        inbox.once(CONSUMER, event, () -> loop.aliasMoved(e));
      }
      case "monitoring.drift-detected" -> {
        DriftDetected e = event.data(json, DriftDetected.class);
        inbox.once(CONSUMER, event, () -> loop.driftDetected(e));
      }
      case "training.run-requested" -> {
        TrainingRunRequested e = event.data(json, TrainingRunRequested.class);
        inbox.once(CONSUMER, event, () -> loop.trainingRequested(e));
      }
      case "training.run-started" -> {
        TrainingRunStarted e = event.data(json, TrainingRunStarted.class);
        inbox.once(CONSUMER, event, () -> loop.trainingStarted(e));
      }
      case "training.run-completed" -> {
        TrainingRunCompleted e = event.data(json, TrainingRunCompleted.class);
        inbox.once(CONSUMER, event, () -> loop.trainingCompleted(e));
      }
      case "monitoring.quality-degraded" -> {
        QualityDegraded e = event.data(json, QualityDegraded.class);
        inbox.once(CONSUMER, event, () -> loop.qualityDegraded(e));
      }
      case "training.run-failed" -> {
        TrainingRunFailed e = event.data(json, TrainingRunFailed.class);
        inbox.once(CONSUMER, event, () -> loop.trainingFailed(e));
      }
      case "training.run-rejected" -> {
        TrainingRunRejected e = event.data(json, TrainingRunRejected.class);
        inbox.once(CONSUMER, event, () -> loop.trainingRejected(e));
      }
      case "training.run-cancelled" -> {
        TrainingRunCancelled e = event.data(json, TrainingRunCancelled.class);
        inbox.once(CONSUMER, event, () -> loop.trainingCancelled(e));
      }
      case "model.version-approved" -> {
        ModelVersionApproved e = event.data(json, ModelVersionApproved.class);
        inbox.once(CONSUMER, event, () -> loop.versionApproved(e));
      }
      case "model.version-rejected" -> {
        ModelVersionRejected e = event.data(json, ModelVersionRejected.class);
        inbox.once(CONSUMER, event, () -> loop.versionRejected(e));
      }
      case "monitoring.budget-exceeded" -> {
        BudgetExceeded e = event.data(json, BudgetExceeded.class);
        inbox.once(CONSUMER, event, () -> loop.budgetExceeded(e));
      }
      default -> {
        // Not a concern of policy.
      }
    }
  }
}
