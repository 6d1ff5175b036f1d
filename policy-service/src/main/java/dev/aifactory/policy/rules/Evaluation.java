package dev.aifactory.policy.rules;

/** The outcome of evaluating a policy: allowed, or denied with an error when it failed to run. */
public record Evaluation(boolean allowed, String error) {

  static Evaluation of(boolean allowed) {
    return new Evaluation(allowed, null);
  }

  static Evaluation failed(String error) {
    return new Evaluation(false, error);
  }

  public boolean failed() {
    return error != null;
  }

  /** What the expression itself said: allow, deny, or error (which denies). */
  public String outcome() {
    return failed() ? "error" : allowed ? "allow" : "deny";
  }
}
