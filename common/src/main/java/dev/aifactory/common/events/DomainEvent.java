package dev.aifactory.common.events;

/**
 * A fact (or, for {@code *-requested}, a request) published on Kafka as a CloudEvent 1.0 in binary
 * mode. The CloudEvents {@code type} is {@code dev.aifactory.<eventType>.v1}, the {@code subject}
 * and the Kafka key are {@link #key()}.
 */
public interface DomainEvent {

  String CE_TYPE_PREFIX = "dev.aifactory.";
  String CE_TYPE_SUFFIX = ".v1";

  /** The team that owns the aggregate; every payload carries it. */
  String team();

  /** Short type such as {@code dataset.version-registered}. */
  String eventType();

  /** Topic the event is published on, one of {@link Topics}. */
  String topic();

  /** Aggregate id: Kafka key and CloudEvents subject, so per-aggregate order is kept. */
  String key();

  default String cloudEventType() {
    return CE_TYPE_PREFIX + eventType() + CE_TYPE_SUFFIX;
  }

  static String shortType(String cloudEventType) {
    if (cloudEventType == null || !cloudEventType.startsWith(CE_TYPE_PREFIX)) {
      return cloudEventType;
    }
    String rest = cloudEventType.substring(CE_TYPE_PREFIX.length());
    int dot = rest.lastIndexOf(".v");
    return dot > 0 ? rest.substring(0, dot) : rest;
  }
}
