package dev.aifactory.dashboard.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.dashboard.pages.Charts.Chart;
import dev.aifactory.dashboard.services.IngestionApi.Bin;
import dev.aifactory.dashboard.services.IngestionApi.Column;
import dev.aifactory.dashboard.services.MonitoringApi.Window;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ChartsTest {

  @Test
  void latencyChartHasOneLinePerPercentileInMilliseconds() {
    Chart chart =
        EndpointPages.latency(
            List.of(
                window("2026-11-27T08:00:00Z", 1.0, 0.1),
                window("2026-11-27T08:01:00Z", 2.0, 0.8)));

    assertThat(chart.type()).isEqualTo("line");
    assertThat(chart.yTitle()).isEqualTo("Latency (ms)");
    assertThat(chart.labels())
        .containsExactly("11-27 08:00:00 v1 primary", "11-27 08:01:00 v1 primary");
    assertThat(chart.series())
        .extracting(Charts.Series::label)
        .containsExactly("p50", "p95", "p99");
    assertThat(chart.series().get(0).values()).containsExactly(1.0, 2.0);
  }

  @Test
  void driftChartPlotsTheShareOfDriftedFeatures() {
    Chart chart = EndpointPages.drift(List.of(window("2026-11-27T08:00:00Z", 1.0, 0.83)));

    assertThat(chart.yTitle()).contains("0–1");
    assertThat(chart.series().get(0).values()).containsExactly(0.83);
  }

  @Test
  void histogramHasOneBarPerBinCountingRows() {
    Column age =
        new Column(
            "age",
            "numeric",
            3,
            0,
            3,
            false,
            18.0,
            60.0,
            40.0,
            10.0,
            List.of(new Bin(18, 39, 2), new Bin(39, 60, 1)),
            null);

    Chart chart = DatasetPages.histogram(age);

    assertThat(chart.type()).isEqualTo("bar");
    assertThat(chart.yTitle()).isEqualTo("Rows (count)");
    assertThat(chart.labels()).containsExactly("18 – 39", "39 – 60");
    assertThat(chart.series().get(0).values()).containsExactly(2.0, 1.0);
  }

  @Test
  void chartJsonCarriesTheAxisTitlesForTheScript() {
    String json =
        new Charts(JsonMapper.builder().build())
            .json(EndpointPages.drift(List.of(window("2026-11-27T08:00:00Z", 1.0, 0.5))));

    assertThat(json).contains("\"xTitle\":\"Window start (UTC)\"").contains("\"type\":\"line\"");
  }

  private static Window window(String from, double p50, double drift) {
    Instant start = Instant.parse(from);
    return new Window(
        "id",
        "churn",
        "primary",
        "churn",
        1,
        start,
        start.plusSeconds(60),
        "EVALUATED",
        100L,
        p50,
        p50 * 2,
        p50 * 3,
        0.0,
        drift,
        drift >= 0.5,
        start.plusSeconds(61));
  }
}
