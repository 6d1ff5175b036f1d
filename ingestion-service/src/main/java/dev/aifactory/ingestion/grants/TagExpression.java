package dev.aifactory.ingestion.grants;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conjunction of tag conditions selecting datasets, e.g. {@code domain=growth AND NOT pii}:
 * {@code tag} (the dataset carries the tag), {@code key=value} (it carries {@code key:value}) and
 * {@code NOT flag} for the governed flags, which every catalogued table carries as {@code true} or
 * {@code false} so that their absence can be granted on (Lake Formation expressions have no NOT).
 */
public record TagExpression(List<Term> terms) {

  /** Flags every table is labelled with, true or false. */
  public static final Set<String> GOVERNED = Set.of("pii", "confidential");

  public TagExpression {
    terms = List.copyOf(terms);
  }

  /** One condition: the tag is present ({@code present}) or absent. */
  public record Term(String tag, boolean present) {
    public String value() {
      return Boolean.toString(present);
    }
  }

  /**
   * @throws IllegalArgumentException with a message for the caller if the text is not an expression
   */
  public static TagExpression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("The tag expression is empty");
    }
    List<Term> terms = new ArrayList<>();
    for (String raw : text.strip().split("\\s+AND\\s+")) {
      String part = raw.strip();
      boolean negated = part.startsWith("NOT ");
      String tag = (negated ? part.substring(4) : part).strip().replace('=', ':');
      if (!tag.matches("[a-z0-9][a-z0-9:_.-]{0,99}")) {
        throw new IllegalArgumentException(
            "'" + part + "' is not a tag condition; write tag, key=value or NOT pii|confidential");
      }
      if (negated && !GOVERNED.contains(tag)) {
        throw new IllegalArgumentException(
            "NOT applies only to the governed flags " + GOVERNED + ", not to '" + tag + "'");
      }
      terms.add(new Term(tag, !negated));
    }
    return new TagExpression(terms);
  }

  /**
   * The labels a dataset version carries: each of its tags as {@code true}, and every governed flag
   * it lacks as {@code false}.
   */
  public static Map<String, String> labels(List<String> tags) {
    Map<String, String> labels = new LinkedHashMap<>();
    tags.forEach(t -> labels.put(t, "true"));
    GOVERNED.stream().sorted().forEach(flag -> labels.putIfAbsent(flag, "false"));
    return labels;
  }

  /** Whether a dataset version with these tags satisfies every term. */
  public boolean matches(List<String> tags) {
    return terms.stream().allMatch(t -> tags.contains(t.tag()) == t.present());
  }

  @Override
  public String toString() {
    return String.join(
        " AND ", terms.stream().map(t -> (t.present() ? "" : "NOT ") + t.tag()).toList());
  }
}
