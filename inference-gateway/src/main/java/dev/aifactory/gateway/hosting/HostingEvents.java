package dev.aifactory.gateway.hosting;

import dev.aifactory.common.events.HostingChanged;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.Endpoints;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A hosting's transitions as {@code endpoint.hosting-changed} events, through the outbox in the
 * transaction that stores the transition: monitoring prices SageMaker capacity from them, so a
 * stored transition without its event (or the reverse) would bill time that was not used or miss
 * time that was.
 */
@Component
class HostingEvents {

  private final Outbox outbox;
  private final Endpoints endpoints;
  private final TransactionTemplate tx;

  HostingEvents(Outbox outbox, Endpoints endpoints, PlatformTransactionManager transactions) {
    this.outbox = outbox;
    this.endpoints = endpoints;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Runs {@code work} in one transaction, with the {@link #published} events it adds. */
  <T> T transaction(Supplier<T> work) {
    return tx.execute(status -> work.get());
  }

  /** Adds the hosting's current status to the outbox; call inside {@link #transaction}. */
  void published(Hosting h) {
    String modelGroup = endpoints.find(h.endpoint()).map(Endpoint::modelGroup).orElse(null);
    outbox.publish(
        new HostingChanged(
            h.team(),
            h.endpoint(),
            modelGroup,
            h.id(),
            h.sageMakerEndpoint(),
            h.status().name(),
            h.variants().stream()
                .map(
                    v ->
                        new HostingChanged.Variant(
                            v.variant(),
                            v.version(),
                            v.instanceType(),
                            v.instanceCount(),
                            v.weight()))
                .toList(),
            h.failureReason(),
            h.updatedAt()));
  }
}
