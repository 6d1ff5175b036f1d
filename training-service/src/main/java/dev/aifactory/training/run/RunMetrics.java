package dev.aifactory.training.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** {@code aifactory.training.runs} per status change and the {@code .duration} of finished runs. */
@Component
class RunMetrics {

  private final MeterRegistry meters;

  RunMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void status(TrainingRun run, RunStatus status) {
    meters
        .counter(
            "aifactory.training.runs",
            "team",
            run.team(),
            "model",
            run.modelGroup(),
            "status",
            status.name(),
            "trigger",
            run.trigger())
        .increment();
  }

  void finished(TrainingRun run, RunStatus status, long durationMs) {
    status(run, status);
    Timer.builder("aifactory.training.duration")
        .tag("team", run.team())
        .tag("model", run.modelGroup())
        .tag("status", status.name())
        .register(meters)
        .record(Duration.ofMillis(durationMs));
  }
}
