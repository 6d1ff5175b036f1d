package dev.aifactory.policy.rules;

import java.util.regex.Pattern;

/**
 * Where a policy applies: {@code global}, {@code team:<team>} or {@code model-group:<group>}. Of
 * the policies of one attachment point that match a decision, the most specific applies:
 * model-group before team before global.
 */
public record PolicyScope(Kind kind, String value) {

  public static final PolicyScope GLOBAL = new PolicyScope(Kind.GLOBAL, null);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public enum Kind {
    GLOBAL,
    TEAM,
    MODEL_GROUP
  }

  /**
   * Parses the textual form.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static PolicyScope parse(String text) {
    if (text == null || text.isBlank() || text.equals("global")) {
      return GLOBAL;
    }
    int colon = text.indexOf(':');
    String prefix = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    Kind kind =
        switch (prefix) {
          case "team" -> Kind.TEAM;
          case "model-group" -> Kind.MODEL_GROUP;
          default -> null;
        };
    if (kind == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "scope must be global, team:<team> or model-group:<group> (letters, digits, . _ -)");
    }
    return new PolicyScope(kind, value);
  }

  public boolean matches(String team, String modelGroup) {
    return switch (kind) {
      case GLOBAL -> true;
      case TEAM -> value.equals(team);
      case MODEL_GROUP -> value.equals(modelGroup);
    };
  }

  /** Higher is more specific. */
  public int specificity() {
    return kind.ordinal();
  }

  @Override
  public String toString() {
    return switch (kind) {
      case GLOBAL -> "global";
      case TEAM -> "team:" + value;
      case MODEL_GROUP -> "model-group:" + value;
    };
  }
}
