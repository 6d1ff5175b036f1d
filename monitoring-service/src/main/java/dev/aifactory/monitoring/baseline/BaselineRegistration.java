package dev.aifactory.monitoring.baseline;

import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.monitoring.drift.ThresholdCalibration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the baseline of every registered model version, with its thresholds calibrated once here
 * (not per window) and the training metrics.
 */
@Service
public class BaselineRegistration {

  private final Baselines baselines;
  private final ThresholdCalibration calibration;
  private final Clock clock;

  BaselineRegistration(Baselines baselines, ThresholdCalibration calibration, Clock clock) {
    this.baselines = baselines;
    this.calibration = calibration;
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
            clock.instant(),
            event.metrics() == null ? Map.of() : event.metrics(),
            calibration.calibrate(event.baseline())));
  }
}
