package dev.aifactory.policy.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Gives each configured retraining schedule ({@code aifactory.loop.schedules}) its turn. */
@Component
class ScheduledRetraining {

  private static final Logger log = LoggerFactory.getLogger(ScheduledRetraining.class);

  private final FeedbackLoop loop;
  private final LoopProperties properties;

  ScheduledRetraining(FeedbackLoop loop, LoopProperties properties) {
    this.loop = loop;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${aifactory.loop.tick:5s}")
  void run() {
    for (LoopProperties.Schedule schedule : properties.schedules()) {
      try {
        loop.scheduled(schedule)
            .ifPresent(
                d ->
                    log.info(
                        "Scheduled retraining of {}/{}: {}",
                        schedule.team(),
                        schedule.modelGroup(),
                        d.effect().id()));
      } catch (RuntimeException e) {
        // One broken schedule must not stop the others; it is tried again next period.
        log.warn("Scheduled retraining of {}/{} failed", schedule.team(), schedule.modelGroup(), e);
      }
    }
  }
}
