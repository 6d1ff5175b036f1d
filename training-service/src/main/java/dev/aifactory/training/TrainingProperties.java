package dev.aifactory.training;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Training settings: where models are written ({@code aifactory.data-dir}), how many runs train at
 * once, how often the queue is polled, how long a run may train before it fails ({@code timeout}),
 * how often an infrastructure failure is retried ({@code maxAttempts}), what a CPU second costs and
 * every how many rounds a run logs its metrics ({@code logEveryRounds}).
 */
@ConfigurationProperties("aifactory")
public record TrainingProperties(Path dataDir, @DefaultValue Training training) {

  public record Training(
      @DefaultValue("local") String launcher,
      @DefaultValue("2") int workers,
      @DefaultValue("1s") Duration dispatchInterval,
      @DefaultValue("30m") Duration timeout,
      @DefaultValue("3") int maxAttempts,
      @DefaultValue Cost cost,
      @DefaultValue("10") int logEveryRounds) {}

  public record Cost(@DefaultValue("0.00005") double cpuSecondUsd) {}

  public Path modelsDir() {
    return dataDir.resolve("models");
  }
}
