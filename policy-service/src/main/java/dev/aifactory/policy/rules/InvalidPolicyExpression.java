package dev.aifactory.policy.rules;

/** A CEL expression that does not compile; the message names line and column. */
public class InvalidPolicyExpression extends RuntimeException {

  private final int line;
  private final int column;

  public InvalidPolicyExpression(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
