package dev.aifactory.dashboard.pages;

import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chart descriptions for the page: the same data is drawn by Chart.js ({@code static/js/charts.js}
 * reads the {@code data-chart} attribute) and listed in a table for readers without JavaScript or
 * with a screen reader. Axis titles carry the units.
 */
@Component
public class Charts {

  /** One line or bar series; a null value is a gap. */
  public record Series(String label, List<Double> values) {}

  public record Chart(
      String type,
      String title,
      String xTitle,
      String yTitle,
      List<String> labels,
      List<Series> series) {

    public boolean isEmpty() {
      return labels.isEmpty();
    }
  }

  /** A chart with the JSON that {@code charts.js} draws, ready for the page. */
  public record ChartView(Chart chart, String json) {}

  private final JsonMapper json;

  Charts(JsonMapper json) {
    this.json = json;
  }

  /** The chart as the JSON that {@code charts.js} draws. */
  public String json(Chart chart) {
    return json.writeValueAsString(chart);
  }

  public ChartView view(Chart chart) {
    return new ChartView(chart, json(chart));
  }
}
