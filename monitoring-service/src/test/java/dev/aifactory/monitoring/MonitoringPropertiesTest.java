package dev.aifactory.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.monitoring.drift.ThresholdMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MonitoringPropertiesTest {

  @Test
  void defaultsAreCalibratedThresholdsAndAWeekOfCaptures() {
    MonitoringProperties properties = bind(Map.of());

    assertThat(properties.thresholds()).isEqualTo(ThresholdMode.CALIBRATED);
    assertThat(properties.captureRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(properties.qualityDropThreshold().auc()).isEqualTo(0.05);
    assertThat(properties.qualityDropThreshold().rmse()).isEqualTo(0.2);
  }

  @Test
  void rejectsAWindowOfZeroLengthNamingTheSetting() {
    assertRejected("window-length", "0s");
  }

  @Test
  void rejectsThresholdsOutOfRangeNamingTheSetting() {
    assertRejected("p-value-threshold", "1.5");
    assertRejected("drift-share-threshold", "0");
    assertRejected("distance-threshold", "-0.1");
    assertRejected("quality-drop-threshold.auc", "0");
  }

  @Test
  void rejectsAWindowRetentionShorterThanTheCaptureRetentionOrNoPartitionsAhead() {
    assertRejected("window-retention", "1d");
    assertRejected("partitions-ahead", "0");
    assertRejected("agreement-tolerance", "1");
  }

  @Test
  void keepsWindowResultsLongerThanCapturesInMonthPartitionsByDefault() {
    MonitoringProperties properties = bind(Map.of());

    assertThat(properties.windowRetention()).isEqualTo(Duration.ofDays(400));
    assertThat(properties.partitionInterval())
        .isEqualTo(MonitoringProperties.PartitionInterval.MONTH);
    assertThat(bind(Map.of("aifactory.monitoring.partition-interval", "day")).partitionInterval())
        .isEqualTo(MonitoringProperties.PartitionInterval.DAY);
  }

  @Test
  void acceptsFixedThresholds() {
    assertThat(bind(Map.of("aifactory.monitoring.thresholds", "fixed")).thresholds())
        .isEqualTo(ThresholdMode.FIXED);
  }

  private static void assertRejected(String setting, String value) {
    String name = setting.contains(".") ? setting.substring(setting.lastIndexOf('.') + 1) : setting;
    assertThatThrownBy(() -> bind(Map.of("aifactory.monitoring." + setting, value)))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining(name.equals("auc") ? "(0, 10]" : "aifactory.monitoring." + setting);
  }

  private static MonitoringProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("aifactory.monitoring", MonitoringProperties.class);
  }
}
