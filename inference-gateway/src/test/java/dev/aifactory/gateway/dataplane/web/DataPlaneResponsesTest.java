package dev.aifactory.gateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataPlaneResponsesTest {

  @Test
  void overheadIsWrittenAsMillisecondsWithThreeDecimals() {
    assertThat(DataPlaneResponses.millis(388_400)).isEqualTo("0.388");
    assertThat(DataPlaneResponses.millis(5_000)).isEqualTo("0.005");
    assertThat(DataPlaneResponses.millis(50_000)).isEqualTo("0.050");
    assertThat(DataPlaneResponses.millis(1_234_567_890)).isEqualTo("1234.567");
    assertThat(DataPlaneResponses.millis(0)).isEqualTo("0.000");
    assertThat(DataPlaneResponses.millis(-5)).isEqualTo("0.000");
  }
}
