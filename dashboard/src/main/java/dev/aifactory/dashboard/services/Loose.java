package dev.aifactory.dashboard.services;

import tools.jackson.databind.JsonNode;

/** Reads fields of answers from routes still being added, whose exact names may vary. */
final class Loose {

  private Loose() {}

  /** The first of {@code fields} that holds a value, as text; null when none does. */
  static String text(JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.path(field);
      if (value.isValueNode() && !value.isNull()) {
        return value.asString();
      }
    }
    return null;
  }

  static Double number(JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.path(field);
      if (value.isNumber()) {
        return value.asDouble();
      }
    }
    return null;
  }
}
