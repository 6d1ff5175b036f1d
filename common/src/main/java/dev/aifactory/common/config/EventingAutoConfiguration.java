package dev.aifactory.common.config;

import dev.aifactory.common.events.Topics;
import dev.aifactory.common.inbox.Inbox;
import dev.aifactory.common.inbox.JdbcInbox;
import dev.aifactory.common.outbox.EventTablesJanitor;
import dev.aifactory.common.outbox.JdbcOutbox;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Outbox, relay, inbox, topics and the dead-letter error handler for every service. */
@AutoConfiguration
@EnableScheduling
@EnableConfigurationProperties({KafkaTopicsProperties.class, OutboxProperties.class})
public class EventingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Outbox outbox(JdbcClient jdbc, JsonMapper json, ObjectProvider<Tracer> tracer) {
    return new JdbcOutbox(jdbc, json, tracer.getIfAvailable(() -> Tracer.NOOP));
  }

  @Bean
  @ConditionalOnMissingBean
  OutboxRelay outboxRelay(
      JdbcClient jdbc,
      KafkaTemplate<String, String> kafka,
      PlatformTransactionManager transactions,
      OutboxProperties properties,
      MeterRegistry meters,
      ObjectProvider<Tracer> tracer,
      @Value("${spring.application.name:aifactory}") String application) {
    return new OutboxRelay(
        jdbc,
        kafka,
        new TransactionTemplate(transactions),
        tracer.getIfAvailable(() -> Tracer.NOOP),
        "/" + application,
        properties.batchSize(),
        meters);
  }

  @Bean
  @ConditionalOnMissingBean
  EventTablesJanitor eventTablesJanitor(JdbcClient jdbc, OutboxProperties properties) {
    return new EventTablesJanitor(jdbc, properties.retention(), properties.inboxRetention());
  }

  @Bean
  @ConditionalOnMissingBean
  Inbox inbox(JdbcClient jdbc, PlatformTransactionManager transactions, MeterRegistry meters) {
    return new JdbcInbox(jdbc, new TransactionTemplate(transactions), meters);
  }

  @Bean
  KafkaAdmin.NewTopics aifactoryTopics(KafkaTopicsProperties properties) {
    List<NewTopic> topics = new ArrayList<>();
    for (String topic : Topics.ALL) {
      topics.add(new NewTopic(topic, properties.partitions(), properties.replicationFactor()));
      topics.add(
          new NewTopic(
              topic + Topics.DEAD_LETTER_SUFFIX,
              properties.partitions(),
              properties.replicationFactor()));
    }
    return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
  }

  /**
   * Retries a failing record a few times, then parks it on {@code <topic>.dlt} with the exception
   * in its headers, so one poison event cannot stop a partition.
   */
  @Bean
  @ConditionalOnMissingBean
  CommonErrorHandler deadLetterErrorHandler(
      KafkaTemplate<String, String> kafka, KafkaTopicsProperties properties) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            kafka,
            (record, e) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            recoverer, new FixedBackOff(500L, Math.max(0, properties.listenerAttempts() - 1)));
    handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class);
    return handler;
  }
}
