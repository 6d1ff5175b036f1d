package dev.aifactory.monitoring.cost;

import dev.aifactory.common.events.HostingChanged;
import dev.aifactory.monitoring.cost.CostEntry.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Serving cost of SageMaker capacity: instance type × count × time, from the gateway's hosting
 * transitions. A hosting's variants are paid for from IN_SERVICE until the hosting is DELETED or a
 * later hosting of the same SageMaker endpoint is in service (SageMaker replaced the
 * configuration), whether or not the gateway routes traffic to them: that is how SageMaker bills. A
 * hosting that fails before it is in service never ran; one that fails after (routing refused)
 * still runs.
 *
 * <p>Capacity is charged as it runs, in slices written to {@code costs} by {@link #accrue}, so
 * budgets see a running endpoint's spend without waiting for it to end. Capacity of an instance
 * type without a price waits uncharged (logged, counted) and is charged from its start once a price
 * is configured: nothing is lost to a missing table entry.
 */
@Service
public class CapacityAccounting {

  private static final Logger log = LoggerFactory.getLogger(CapacityAccounting.class);

  /** Statuses of a hosting whose configuration SageMaker runs. */
  static final Set<String> RUNNING = Set.of("IN_SERVICE", "ROUTED", "ROUTING_DENIED");

  private static final int BATCH = 200;

  private final HostedCapacities capacities;
  private final Costs costs;
  private final Prices prices;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TransactionTemplate tx;

  CapacityAccounting(
      HostedCapacities capacities,
      Costs costs,
      Prices prices,
      Clock clock,
      MeterRegistry meters,
      PlatformTransactionManager transactions) {
    this.capacities = capacities;
    this.costs = costs;
    this.prices = prices;
    this.clock = clock;
    this.meters = meters;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Starts or ends capacity for a hosting transition; call once per event (inbox). */
  @Transactional
  public void hostingChanged(HostingChanged e) {
    if (e.team() == null
        || e.hostingId() == null
        || e.sageMakerEndpoint() == null
        || e.at() == null) {
      throw new IllegalArgumentException(
          "endpoint.hosting-changed without team, hosting id, SageMaker endpoint or time");
    }
    if (RUNNING.contains(e.status())) {
      int opened = 0;
      for (HostingChanged.Variant v : e.variants()) {
        if (v.instanceType() == null || v.instanceCount() <= 0) {
          continue; // serverless or not described: no instances to price
        }
        HostedCapacity capacity =
            new HostedCapacity(
                e.hostingId(),
                v.variant(),
                e.team(),
                e.endpoint(),
                e.sageMakerEndpoint(),
                e.modelGroup() == null ? e.endpoint() : e.modelGroup(),
                v.version(),
                v.instanceType(),
                v.instanceCount(),
                e.at(),
                null,
                e.at());
        if (capacities.open(capacity)) {
          opened++;
        }
      }
      if (opened > 0) {
        int replaced = capacities.end(e.sageMakerEndpoint(), e.hostingId(), e.at());
        log.info(
            "SageMaker endpoint {} of {} runs hosting {} ({} variants) from {}{}",
            e.sageMakerEndpoint(),
            e.endpoint(),
            e.hostingId(),
            opened,
            e.at(),
            replaced > 0 ? "; the previous hosting's " + replaced + " variants end then" : "");
      }
    } else if ("DELETED".equals(e.status())) {
      int ended = capacities.end(e.sageMakerEndpoint(), null, e.at());
      if (ended > 0) {
        log.info(
            "SageMaker endpoint {} of {} deleted at {}: {} variants no longer charged",
            e.sageMakerEndpoint(),
            e.endpoint(),
            e.at(),
            ended);
      }
    }
  }

  @Scheduled(
      fixedDelayString = "${aifactory.monitoring.prices.accrual-interval:60s}",
      initialDelayString = "${aifactory.monitoring.prices.accrual-interval:60s}")
  void scheduledAccrual() {
    try {
      accrue(clock.instant());
    } catch (RuntimeException e) {
      log.warn("Could not charge SageMaker capacity, retrying next time: {}", e.toString());
    }
  }

  /**
   * Charges every capacity up to {@code now} (or its end): one cost entry per capacity and slice,
   * recorded with the slice's move in one transaction. Returns the entries recorded.
   */
  public int accrue(Instant now) {
    Set<String> priced = prices.instanceHour().keySet();
    for (String type : capacities.unpricedTypes(now, priced)) {
      unpriced(type);
    }
    int recorded = 0;
    List<HostedCapacity> due;
    do {
      due = capacities.unaccrued(now, priced, BATCH);
      int before = recorded;
      for (HostedCapacity c : due) {
        if (charge(c, c.chargeableUntil(now), prices.instanceHour().get(c.instanceType()))) {
          recorded++;
        }
      }
      if (recorded == before) {
        break; // another instance charged these first: it carries on
      }
    } while (due.size() == BATCH);
    return recorded;
  }

  private boolean charge(HostedCapacity c, Instant to, double hourly) {
    Instant from = c.accruedTo();
    double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
    CostEntry entry =
        new CostEntry(
            Kind.SERVING,
            "capacity:" + c.hostingId() + ":" + c.variant() + ":" + from.toEpochMilli(),
            c.team(),
            c.modelGroup(),
            c.version(),
            c.endpoint(),
            c.instanceCount() * hourly * hours,
            0,
            0,
            to);
    Boolean charged =
        tx.execute(
            status -> {
              if (!capacities.advance(c.hostingId(), c.variant(), from, to)) {
                return false;
              }
              costs.record(entry);
              return true;
            });
    if (Boolean.TRUE.equals(charged)) {
      meters
          .counter(
              "aifactory.monitoring.cost.capacity",
              "team",
              c.team(),
              "model_group",
              c.modelGroup(),
              "endpoint",
              c.endpoint(),
              "instance_type",
              c.instanceType())
          .increment(entry.amount());
    }
    return Boolean.TRUE.equals(charged);
  }

  private void unpriced(String instanceType) {
    meters.counter("aifactory.monitoring.cost.unpriced", "instance_type", instanceType).increment();
    log.warn(
        "No price for SageMaker instance type {}: its capacity is not charged until"
            + " aifactory.monitoring.prices.instance-hour has it, and then from its start",
        instanceType);
  }
}
