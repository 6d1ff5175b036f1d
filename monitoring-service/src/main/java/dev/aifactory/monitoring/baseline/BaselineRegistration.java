package dev.aifactory.monitoring.baseline;

import dev.aifactory.common.events.ModelVersionRegistered;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Keeps the baseline of every registered model version. */
@Service
public class BaselineRegistration {

  private final Baselines baselines;
  private final Clock clock;

  BaselineRegistration(Baselines baselines, Clock clock) {
    this.baselines = baselines;
    this.clock = clock;
  }

  @Transactional
  public boolean register(ModelVersionRegistered event) {
    if (event.team() == null || event.modelGroup() == null) {
      throw new IllegalArgumentException(
          "model.version-registered without team or modelGroup cannot be monitored");
    }
    return baselines.save(
        new ModelBaseline(
            event.team(),
            event.modelGroup(),
            event.version(),
            event.objective(),
            event.featureSchema() == null ? List.of() : event.featureSchema(),
            event.baseline(),
            clock.instant()));
  }
}
