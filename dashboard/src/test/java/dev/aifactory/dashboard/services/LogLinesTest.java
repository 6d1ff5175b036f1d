package dev.aifactory.dashboard.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.dashboard.services.TrainingApi.LogLine;
import org.junit.jupiter.api.Test;

class LogLinesTest {

  @Test
  void readsAListOfStrings() {
    assertThat(LogLines.parse("[\"loaded 10 rows\",\"[0] train-logloss:0.6\"]"))
        .extracting(LogLine::message)
        .containsExactly("loaded 10 rows", "[0] train-logloss:0.6");
  }

  @Test
  void readsObjectsUnderItemsWithTimeAndLevel() {
    assertThat(
            LogLines.parse(
                "{\"items\":[{\"timestamp\":\"2026-01-01T00:00:00Z\",\"stream\":\"stderr\",\"line\":\"boom\"}],\"page\":0}"))
        .containsExactly(new LogLine("2026-01-01T00:00:00Z", "stderr", "boom"));
  }

  @Test
  void readsPlainTextLineByLine() {
    assertThat(LogLines.parse("first\nsecond\n"))
        .extracting(LogLine::message)
        .containsExactly("first", "second");
    assertThat(LogLines.parse("[INFO] not json\nnext"))
        .extracting(LogLine::message)
        .containsExactly("[INFO] not json", "next");
  }

  @Test
  void keepsOnlyTheNewestLinesOfAHugeLog() {
    String log = "line\n".repeat(2500) + "last";
    assertThat(LogLines.parse(log)).hasSize(2000).last().isEqualTo(new LogLine(null, null, "last"));
  }

  @Test
  void readsATextFieldAndNothingFromEmptyAnswers() {
    assertThat(LogLines.parse("{\"text\":\"a\\nb\"}"))
        .extracting(LogLine::message)
        .containsExactly("a", "b");
    assertThat(LogLines.parse("")).isEmpty();
    assertThat(LogLines.parse("{\"runId\":\"r\"}")).isEmpty();
  }
}
