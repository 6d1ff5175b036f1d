package dev.aifactory.common.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event payload type the factory publishes, for consumers that handle events generically
 * (webhooks, the dashboard's catalog, subscriptions): one list, kept complete by a test.
 */
public final class EventCatalog {

  /** The payload record of every event, in the order of the loop. */
  public static final List<Class<? extends DomainEvent>> PAYLOADS =
      List.of(
          DatasetVersionRegistered.class,
          TrainingRunRequested.class,
          TrainingRunStarted.class,
          TrainingRunCompleted.class,
          TrainingRunFailed.class,
          TrainingRunCancelled.class,
          TrainingRunRejected.class,
          ModelVersionRegistered.class,
          ModelVersionApproved.class,
          ModelVersionRejected.class,
          ModelAliasMoved.class,
          EndpointDeploymentUpdated.class,
          RolloutStarted.class,
          RolloutStepCompleted.class,
          RolloutCompleted.class,
          RolledBack.class,
          HostingChanged.class,
          InferenceCaptured.class,
          WindowEvaluated.class,
          DriftDetected.class,
          QualityDegraded.class,
          BudgetExceeded.class,
          SloViolated.class,
          DecisionRecorded.class,
          RolloutAdvanceRequested.class,
          RolloutAbortRequested.class,
          LoopStateChanged.class);

  private static final Map<String, Class<? extends DomainEvent>> BY_TYPE =
      PAYLOADS.stream().collect(Collectors.toMap(EventCatalog::typeOf, Function.identity()));

  /** Short event types ({@code dataset.version-registered}, ...) in catalog order. */
  public static final List<String> TYPES = PAYLOADS.stream().map(EventCatalog::typeOf).toList();

  private EventCatalog() {}

  /** The payload class of a short event type, or null when the type is unknown. */
  public static Class<? extends DomainEvent> payloadOf(String eventType) {
    return BY_TYPE.get(eventType);
  }

  private static String typeOf(Class<? extends DomainEvent> payload) {
    // eventType() is constant per record; read it from the record's declared method default.
    try {
      var components = payload.getRecordComponents();
      Object[] args = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        args[i] = defaultValue(types[i]);
      }
      return payload.getDeclaredConstructor(types).newInstance(args).eventType();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the event type of " + payload.getName(), e);
    }
  }

  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive()) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0d;
    }
    throw new IllegalStateException("unexpected primitive " + type);
  }
}
