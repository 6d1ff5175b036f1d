package dev.aifactory.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

  // The seeded expressions of V1__identity_rules_loop_audit.sql.
  static final String TRAINING_ON_NEW_DATA =
      "binding.autoTrain && quality == 'PASSED' && (!has_champion || minutes_since_last_data_run"
          + " >= cooldown_minutes)";
  static final String PROMOTION_DEFAULT =
      "objective == 'regression' ? (has_champion ? candidate.rmse <= champion.rmse * 1.05 : true)"
          + " : (has_champion ? candidate.auc >= champion.auc - 0.01 : candidate.auc >= 0.6)";
  static final String RETRAINING_ON_DRIFT =
      "drift_share >= 0.5 && minutes_since_last_drift_run >= cooldown_minutes";

  final PolicyEngine engine = new PolicyEngine();

  static Policy policy(AttachmentPoint point, String expression) {
    return new Policy("p", 1, point, expression, "", "test", Instant.now());
  }

  @Nested
  class Compilation {

    @Test
    void rejectsUndeclaredVariableWithLineAndColumn() {
      assertThatThrownBy(
              () -> engine.check(AttachmentPoint.PROMOTION, "candidate.auc >= 0.6 && budget > 3"))
          .isInstanceOf(InvalidPolicyExpression.class)
          .hasMessageContaining("line 1, column 25")
          .hasMessageContaining("undeclared reference to 'budget'")
          .satisfies(
              e -> {
                InvalidPolicyExpression invalid = (InvalidPolicyExpression) e;
                assertThat(invalid.line()).isEqualTo(1);
                assertThat(invalid.column()).isEqualTo(25);
              });
    }

    @Test
    void rejectsSyntaxErrorWithPosition() {
      assertThatThrownBy(() -> engine.check(AttachmentPoint.PROMOTION, "candidate.auc >= "))
          .isInstanceOf(InvalidPolicyExpression.class)
          .hasMessageContaining("line 1, column");
    }

    @Test
    void rejectsExpressionThatIsNotABoolean() {
      assertThatThrownBy(() -> engine.check(AttachmentPoint.RETRAINING_DRIFT, "drift_share * 2.0"))
          .isInstanceOf(InvalidPolicyExpression.class);
    }

    @Test
    void acceptsTheSeededPoliciesAndStandardMacros() {
      engine.check(AttachmentPoint.TRAINING_DATA, TRAINING_ON_NEW_DATA);
      engine.check(AttachmentPoint.PROMOTION, PROMOTION_DEFAULT);
      engine.check(AttachmentPoint.RETRAINING_DRIFT, RETRAINING_ON_DRIFT);
      engine.check(
          AttachmentPoint.RETRAINING_DRIFT, "drifted_features.exists(f, f == 'age') || false");
    }
  }

  @Nested
  class Promotion {

    Evaluation promote(String objective, Map<String, Double> candidate, Map<String, Double> champ) {
      Map<String, Object> inputs = new HashMap<>();
      inputs.put("candidate", candidate);
      inputs.put("champion", champ);
      inputs.put("has_champion", !champ.isEmpty());
      inputs.put("objective", objective);
      inputs.put("candidate_version", 2.0);
      inputs.put("model_group", "churn");
      inputs.put("team", "demo");
      return engine.evaluate(policy(AttachmentPoint.PROMOTION, PROMOTION_DEFAULT), inputs);
    }

    @Test
    void approvesFirstBinaryModelWithAucOfAtLeastPointSix() {
      assertThat(promote("binary", Map.of("auc", 0.61), Map.of()).allowed()).isTrue();
      assertThat(promote("binary", Map.of("auc", 0.59), Map.of()).allowed()).isFalse();
    }

    @Test
    void approvesBinaryCandidateWithinOneHundredthOfTheChampion() {
      assertThat(promote("binary", Map.of("auc", 0.795), Map.of("auc", 0.80)).allowed()).isTrue();
      assertThat(promote("binary", Map.of("auc", 0.78), Map.of("auc", 0.80)).allowed()).isFalse();
    }

    @Test
    void approvesRegressionCandidateAtMostFivePercentWorse() {
      assertThat(promote("regression", Map.of("rmse", 9.9), Map.of()).allowed()).isTrue();
      assertThat(promote("regression", Map.of("rmse", 10.4), Map.of("rmse", 10.0)).allowed())
          .isTrue();
      assertThat(promote("regression", Map.of("rmse", 10.6), Map.of("rmse", 10.0)).allowed())
          .isFalse();
    }

    @Test
    void deniesWithTheErrorWhenAMetricIsMissing() {
      Evaluation evaluation = promote("binary", Map.of("rmse", 1.0), Map.of());
      assertThat(evaluation.allowed()).isFalse();
      assertThat(evaluation.failed()).isTrue();
      assertThat(evaluation.error()).contains("auc");
    }
  }

  @Nested
  class Retraining {

    Evaluation retrain(double share, double minutesSince) {
      return engine.evaluate(
          policy(AttachmentPoint.RETRAINING_DRIFT, RETRAINING_ON_DRIFT),
          Map.of(
              "drift_share",
              share,
              "drifted_features",
              List.of("age", "income"),
              "minutes_since_last_drift_run",
              minutesSince,
              "cooldown_minutes",
              10.0,
              "model_group",
              "churn",
              "endpoint",
              "churn-prod",
              "team",
              "demo"));
    }

    @Test
    void retrainsWhenHalfTheFeaturesDriftedAfterTheCooldown() {
      assertThat(retrain(0.5, 11).allowed()).isTrue();
    }

    @Test
    void deniesWithinTheCooldown() {
      assertThat(retrain(0.9, 3).allowed()).isFalse();
    }

    @Test
    void deniesBelowTheDriftShare() {
      assertThat(retrain(0.4, 1.0e9).allowed()).isFalse();
    }

    @Test
    void comparesIntegerLiteralsWithDoubleInputs() {
      Evaluation evaluation =
          engine.evaluate(
              policy(
                  AttachmentPoint.RETRAINING_DRIFT,
                  "drift_share >= 0.5 && minutes_since_last_drift_run >= 10"),
              Map.of("drift_share", 0.7, "minutes_since_last_drift_run", 12.5));
      assertThat(evaluation.error()).isNull();
      assertThat(evaluation.allowed()).isTrue();
    }
  }

  @Nested
  class TrainingOnNewData {

    Evaluation train(boolean autoTrain, String quality, boolean hasChampion, double since) {
      return engine.evaluate(
          policy(AttachmentPoint.TRAINING_DATA, TRAINING_ON_NEW_DATA),
          Map.of(
              "binding",
              Map.of("autoTrain", autoTrain, "modelGroup", "churn"),
              "dataset",
              Map.of("version", 3, "tags", List.of("pii")),
              "quality",
              quality,
              "has_champion",
              hasChampion,
              "minutes_since_last_data_run",
              since,
              "cooldown_minutes",
              60.0));
    }

    @Test
    void trainsTheFirstModelRegardlessOfCooldown() {
      assertThat(train(true, "PASSED", false, 1).allowed()).isTrue();
    }

    @Test
    void deniesWithinCooldownOnceAChampionExists() {
      assertThat(train(true, "PASSED", true, 5).allowed()).isFalse();
      assertThat(train(true, "PASSED", true, 61).allowed()).isTrue();
    }

    @Test
    void deniesRejectedDataAndBindingsWithoutAutoTrain() {
      assertThat(train(true, "REJECTED_QUALITY", false, 1.0e9).allowed()).isFalse();
      assertThat(train(false, "PASSED", false, 1.0e9).allowed()).isFalse();
    }
  }
}
