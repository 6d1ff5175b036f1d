package dev.aifactory.dashboard.services;

import dev.aifactory.dashboard.services.TrainingApi.LogLine;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a run's log from the shapes training may answer with (see {@link TrainingApi#logs}). */
final class LogLines {

  private static final int MAX_LINES = 2000;

  private LogLines() {}

  static List<LogLine> parse(String body) {
    if (body == null || body.isBlank()) {
      return List.of();
    }
    String text = body.strip();
    if (text.startsWith("[") || text.startsWith("{")) {
      try {
        return fromJson(JsonMapper.shared().readTree(text));
      } catch (RuntimeException notJson) {
        // fall through: plain text that happens to start with a bracket
      }
    }
    List<LogLine> lines = new ArrayList<>();
    text.lines().forEach(l -> lines.add(new LogLine(null, null, l)));
    return tail(lines);
  }

  private static List<LogLine> fromJson(JsonNode node) {
    JsonNode list = node;
    if (node.isObject()) {
      for (String field : List.of("lines", "items", "logs", "entries")) {
        if (node.path(field).isArray()) {
          list = node.path(field);
          break;
        }
      }
      if (!list.isArray()) {
        String single = first(node, "text", "log", "message");
        return single == null ? List.of() : parse(single);
      }
    }
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode entry : list) {
      if (entry.isValueNode()) {
        lines.add(new LogLine(null, null, entry.asString()));
      } else if (entry.isObject()) {
        String message = first(entry, "message", "line", "text", "msg");
        lines.add(
            new LogLine(
                first(entry, "at", "timestamp", "time"),
                first(entry, "level", "stream"),
                message == null ? entry.toString() : message));
      }
    }
    return tail(lines);
  }

  private static String first(JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.path(field);
      if (value.isValueNode() && !value.isNull()) {
        return value.asString();
      }
    }
    return null;
  }

  /** The newest lines only: a page never carries an unbounded log. */
  private static List<LogLine> tail(List<LogLine> lines) {
    return lines.size() <= MAX_LINES
        ? List.copyOf(lines)
        : List.copyOf(lines.subList(lines.size() - MAX_LINES, lines.size()));
  }
}
