package dev.aifactory.policy.notifications;

/** Publishes selected platform events to people and systems outside the platform. */
public interface Notifier {

  /**
   * Publishes one event. {@code message} is the event as a structured CloudEvent (JSON).
   *
   * @throws RuntimeException when it could not be published (the event is then consumed again)
   */
  void publish(String eventType, String team, String subject, String message);
}
