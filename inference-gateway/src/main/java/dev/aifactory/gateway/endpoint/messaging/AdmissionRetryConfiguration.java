package dev.aifactory.gateway.endpoint.messaging;

import dev.aifactory.common.config.KafkaTopicsProperties;
import dev.aifactory.common.events.Topics;
import dev.aifactory.gateway.admission.AdmissionProperties;
import dev.aifactory.gateway.admission.AdmissionUnavailable;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.core.JacksonException;

/**
 * The platform's listener error handling (as common's default: a few quick attempts, then the
 * dead-letter topic), except for events that failed because policy could not be asked about a
 * deployment: a champion move must not be dead-lettered after a second of policy being down, so
 * those are retried with a growing pause (up to {@code event-retry-max-interval}) for {@code
 * event-retry-for}. The partition waits meanwhile, which keeps champion moves in order.
 */
@Configuration(proxyBeanMethods = false)
class AdmissionRetryConfiguration {

  @Bean
  CommonErrorHandler admissionAwareErrorHandler(
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      AdmissionProperties admission) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            kafka,
            (record, e) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            recoverer, new FixedBackOff(500L, Math.max(0, topics.listenerAttempts() - 1)));
    handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class);
    handler.setBackOffFunction(
        (record, e) -> {
          if (!causedByUnavailableAdmission(e)) {
            return null; // the default back-off above
          }
          ExponentialBackOff backOff = new ExponentialBackOff(500L, 2.0);
          backOff.setMaxInterval(admission.eventRetryMaxInterval().toMillis());
          backOff.setMaxElapsedTime(admission.eventRetryFor().toMillis());
          return backOff;
        });
    return handler;
  }

  static boolean causedByUnavailableAdmission(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AdmissionUnavailable) {
        return true;
      }
    }
    return false;
  }
}
