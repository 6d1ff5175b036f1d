package dev.aifactory.dashboard.services;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns an error answer (RFC 9457 problem+json or anything else) into one readable sentence. */
final class ProblemMessages {

  private final JsonMapper json;

  ProblemMessages(JsonMapper json) {
    this.json = json;
  }

  String describe(String service, int status, String reason, String body) {
    String said = said(body);
    StringBuilder out = new StringBuilder(service).append(" answered ").append(status);
    if (reason != null && !reason.isBlank()) {
      out.append(' ').append(reason);
    }
    if (!said.isBlank()) {
      out.append(": ").append(said);
    }
    return out.toString();
  }

  /** The problem document's {@code errors[]}, empty when there are none or it is not JSON. */
  List<ApiFailure.FieldError> fields(String body) {
    if (body == null || body.isBlank()) {
      return List.of();
    }
    try {
      JsonNode errors = json.readTree(body).path("errors");
      List<ApiFailure.FieldError> out = new ArrayList<>();
      if (errors.isArray()) {
        for (JsonNode e : errors) {
          out.add(new ApiFailure.FieldError(text(e, "field"), text(e, "message")));
        }
      }
      return out;
    } catch (RuntimeException notJson) {
      return List.of();
    }
  }

  private String said(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    JsonNode problem;
    try {
      problem = json.readTree(body);
    } catch (RuntimeException notJson) {
      // Not a problem document: show at most the beginning of the text, never a whole page.
      String text = body.strip();
      return text.startsWith("<") ? "" : abbreviate(text);
    }
    if (problem == null || !problem.isObject()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    String detail = text(problem, "detail");
    if (detail.isBlank()) {
      detail = text(problem, "title");
    }
    if (detail.isBlank()) {
      detail = text(problem, "error_description");
    }
    if (detail.isBlank()) {
      detail = text(problem, "error");
    }
    if (!detail.isBlank()) {
      parts.add(detail);
    }
    JsonNode errors = problem.path("errors");
    if (errors.isArray()) {
      for (JsonNode e : errors) {
        String field = text(e, "field");
        String message = text(e, "message");
        if (!message.isBlank()) {
          parts.add(field.isBlank() ? message : field + " " + message);
        }
      }
    }
    return abbreviate(String.join("; ", parts));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() ? value.asString() : "";
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }
}
