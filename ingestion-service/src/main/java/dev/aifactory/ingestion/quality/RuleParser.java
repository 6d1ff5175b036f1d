package dev.aifactory.ingestion.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the DQDL-like rule language, one rule per line, {@code #} starting a comment.
 *
 * <p>Grammar (keywords are case-sensitive, as in AWS Glue DQDL):
 *
 * <pre>
 * rule      := 'IsComplete' STRING | 'IsUnique' STRING
 *            | 'Completeness' STRING cmp NUMBER | 'Uniqueness' STRING cmp NUMBER
 *            | 'RowCount' cmp NUMBER
 *            | 'ColumnValues' STRING ( 'between' NUMBER 'and' NUMBER
 *                                    | 'in' '[' literal (',' literal)* ']'
 *                                    | cmp NUMBER )
 * cmp       := '=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * literal   := STRING | NUMBER
 * </pre>
 *
 * A hand-written recursive-descent parser: the grammar is a dozen productions, and writing it by
 * hand gives exact line/column positions and messages that say what was expected, with no parser
 * generator in the build (see ADR 0010). Every line is parsed, so one request reports all errors.
 */
public final class RuleParser {

  /** A syntax error at a 1-based line and column. */
  public record SyntaxError(int line, int column, String message) {
    public String describe() {
      return "Line " + line + ", column " + column + ": " + message;
    }
  }

  /** Thrown when the text has syntax errors; carries all of them. */
  public static final class InvalidRules extends RuntimeException {
    private final List<SyntaxError> errors;

    InvalidRules(List<SyntaxError> errors) {
      super(errors.size() + " syntax error(s) in the quality rules");
      this.errors = List.copyOf(errors);
    }

    public List<SyntaxError> errors() {
      return errors;
    }
  }

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private RuleParser() {}

  /**
   * @throws InvalidRules if any line is not a valid rule
   */
  public static List<Rule> parse(String text) {
    return List.copyOf(parseLines(text).values());
  }

  /**
   * The rules keyed by their 1-based line number, in line order.
   *
   * @throws InvalidRules if any line is not a valid rule
   */
  public static Map<Integer, Rule> parseLines(String text) {
    Map<Integer, Rule> rules = new LinkedHashMap<>();
    List<SyntaxError> errors = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      try {
        Rule rule = new Line(lines[i], i + 1).rule();
        if (rule != null) {
          rules.put(i + 1, rule);
        }
      } catch (Failure f) {
        errors.add(f.error);
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRules(errors);
    }
    return rules;
  }

  private static final class Failure extends RuntimeException {
    final SyntaxError error;

    Failure(SyntaxError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  private enum Kind {
    WORD,
    STRING,
    NUMBER,
    OPERATOR,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  private record Token(Kind kind, String text, int column) {
    String shown() {
      return kind == Kind.END ? "the end of the line" : "'" + text + "'";
    }
  }

  /** Tokenizer and recursive-descent parser of one line. */
  private static final class Line {
    private final String source;
    private final int number;
    private int pos;
    private Token current;

    Line(String source, int number) {
      this.source = source;
      this.number = number;
    }

    Rule rule() {
      current = next();
      if (current.kind == Kind.END) {
        return null;
      }
      Token keyword = expect(Kind.WORD, "a rule type (IsComplete, IsUnique, Completeness, ...)");
      Rule rule =
          switch (keyword.text) {
            case "IsComplete" -> new Rule.IsComplete(text(), column());
            case "IsUnique" -> new Rule.IsUnique(text(), column());
            case "Completeness" -> {
              String c = column();
              Rule.Operator op = operator();
              yield new Rule.Completeness(text(), c, op, share());
            }
            case "Uniqueness" -> {
              String c = column();
              Rule.Operator op = operator();
              yield new Rule.Uniqueness(text(), c, op, share());
            }
            case "RowCount" -> {
              Rule.Operator op = operator();
              yield new Rule.RowCount(text(), op, number());
            }
            case "ColumnValues" -> columnValues();
            default ->
                throw fail(
                    keyword,
                    "unknown rule type '"
                        + keyword.text
                        + "'; expected IsComplete, IsUnique, Completeness, Uniqueness, RowCount"
                        + " or ColumnValues");
          };
      if (current.kind != Kind.END) {
        throw fail(current, "unexpected " + current.shown() + " after a complete rule");
      }
      return rule;
    }

    private Rule columnValues() {
      String c = column();
      if (current.kind == Kind.WORD && current.text.equals("between")) {
        advance();
        double low = number();
        Token and = expect(Kind.WORD, "'and'");
        if (!and.text.equals("and")) {
          throw fail(and, "expected 'and' but found " + and.shown());
        }
        Token highToken = current;
        double high = number();
        if (high < low) {
          throw fail(highToken, "the upper bound " + high + " is below the lower bound " + low);
        }
        return new Rule.ValuesBetween(text(), c, low, high);
      }
      if (current.kind == Kind.WORD && current.text.equals("in")) {
        advance();
        expect(Kind.OPEN, "'['");
        List<String> allowed = new ArrayList<>();
        do {
          Token literal = current;
          if (literal.kind != Kind.STRING && literal.kind != Kind.NUMBER) {
            throw fail(literal, "expected a quoted value or a number but found " + literal.shown());
          }
          allowed.add(literal.text);
          advance();
        } while (accept(Kind.COMMA));
        expect(Kind.CLOSE, "',' or ']'");
        return new Rule.ValuesIn(text(), c, allowed);
      }
      if (current.kind == Kind.OPERATOR) {
        Rule.Operator op = operator();
        return new Rule.ValuesCompared(text(), c, op, number());
      }
      throw fail(
          current,
          "expected 'between', 'in' or a comparison operator but found " + current.shown());
    }

    private String column() {
      return expect(Kind.STRING, "a quoted column name").text;
    }

    private Rule.Operator operator() {
      Token t = expect(Kind.OPERATOR, "a comparison operator (=, !=, <, <=, >, >=)");
      for (Rule.Operator op : Rule.Operator.values()) {
        if (op.symbol.equals(t.text)) {
          return op;
        }
      }
      throw fail(t, "unknown operator " + t.shown());
    }

    private double number() {
      return Double.parseDouble(expect(Kind.NUMBER, "a number").text);
    }

    private double share() {
      Token t = current;
      double value = number();
      if (value < 0 || value > 1) {
        throw fail(t, "a share must be between 0 and 1, not " + t.text);
      }
      return value;
    }

    private String text() {
      int hash = commentStart();
      return (hash < 0 ? source : source.substring(0, hash)).strip();
    }

    private int commentStart() {
      boolean quoted = false;
      for (int i = 0; i < source.length(); i++) {
        char ch = source.charAt(i);
        if (ch == '\\' && quoted) {
          i++;
        } else if (ch == '"') {
          quoted = !quoted;
        } else if (ch == '#' && !quoted) {
          return i;
        }
      }
      return -1;
    }

    private Token expect(Kind kind, String what) {
      if (current.kind != kind) {
        throw fail(current, "expected " + what + " but found " + current.shown());
      }
      Token t = current;
      advance();
      return t;
    }

    private boolean accept(Kind kind) {
      if (current.kind == kind) {
        advance();
        return true;
      }
      return false;
    }

    private void advance() {
      current = next();
    }

    private Failure fail(Token at, String message) {
      return new Failure(new SyntaxError(number, at.column, message));
    }

    private Failure fail(int index, String message) {
      return new Failure(new SyntaxError(number, index + 1, message));
    }

    private Token next() {
      while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
        pos++;
      }
      if (pos >= source.length() || source.charAt(pos) == '#') {
        pos = source.length();
        return new Token(Kind.END, "", pos + 1);
      }
      int start = pos;
      char ch = source.charAt(pos);
      if (Character.isLetter(ch)) {
        while (pos < source.length() && Character.isLetterOrDigit(source.charAt(pos))) {
          pos++;
        }
        return new Token(Kind.WORD, source.substring(start, pos), start + 1);
      }
      if (ch == '"') {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < source.length()) {
          char c = source.charAt(pos++);
          if (c == '"') {
            return new Token(Kind.STRING, value.toString(), start + 1);
          }
          if (c == '\\' && pos < source.length()) {
            c = source.charAt(pos++);
          }
          value.append(c);
        }
        throw fail(start, "the quoted text starting here is not closed with '\"'");
      }
      Matcher number = NUMBER.matcher(source).region(pos, source.length());
      if ((Character.isDigit(ch) || ch == '.' || ch == '-' || ch == '+') && number.lookingAt()) {
        pos = number.end();
        return new Token(Kind.NUMBER, number.group(), start + 1);
      }
      switch (ch) {
        case '[' -> {
          pos++;
          return new Token(Kind.OPEN, "[", start + 1);
        }
        case ']' -> {
          pos++;
          return new Token(Kind.CLOSE, "]", start + 1);
        }
        case ',' -> {
          pos++;
          return new Token(Kind.COMMA, ",", start + 1);
        }
        case '=', '<', '>', '!' -> {
          pos++;
          if (pos < source.length() && source.charAt(pos) == '=') {
            pos++;
          }
          String op = source.substring(start, pos);
          if (op.equals("!")) {
            throw fail(start, "'!' must be followed by '=' (not equal)");
          }
          if (op.equals("==")) {
            throw fail(start, "use '=' for equality, not '=='");
          }
          return new Token(Kind.OPERATOR, op, start + 1);
        }
        default -> throw fail(start, "unexpected character '" + ch + "'");
      }
    }
  }
}
