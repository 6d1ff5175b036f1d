package dev.aifactory.ingestion.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleParserTest {

  @Test
  void parsesEveryRuleTypeSkippingCommentsAndBlankLines() {
    List<Rule> rules =
        RuleParser.parse(
            """
            # customer table
            IsComplete "customer_id"
            IsUnique "customer_id"   # primary key

            ColumnValues "age" between 0 and 120
            ColumnValues "plan" in ["free","pro", 3]
            ColumnValues "score" >= -1.5
            ColumnValues "x" != 0
            Completeness "email" >= 0.95
            Uniqueness "email" > 0.9
            RowCount > 1000
            ColumnValues "tag" in ["a#b", "say \\"hi\\""]
            """);

    assertThat(rules)
        .containsExactly(
            new Rule.IsComplete("IsComplete \"customer_id\"", "customer_id"),
            new Rule.IsUnique("IsUnique \"customer_id\"", "customer_id"),
            new Rule.ValuesBetween("ColumnValues \"age\" between 0 and 120", "age", 0, 120),
            new Rule.ValuesIn(
                "ColumnValues \"plan\" in [\"free\",\"pro\", 3]",
                "plan",
                List.of("free", "pro", "3")),
            new Rule.ValuesCompared(
                "ColumnValues \"score\" >= -1.5", "score", Rule.Operator.GE, -1.5),
            new Rule.ValuesCompared("ColumnValues \"x\" != 0", "x", Rule.Operator.NE, 0),
            new Rule.Completeness(
                "Completeness \"email\" >= 0.95", "email", Rule.Operator.GE, 0.95),
            new Rule.Uniqueness("Uniqueness \"email\" > 0.9", "email", Rule.Operator.GT, 0.9),
            new Rule.RowCount("RowCount > 1000", Rule.Operator.GT, 1000),
            new Rule.ValuesIn(
                "ColumnValues \"tag\" in [\"a#b\", \"say \\\"hi\\\"\"]",
                "tag",
                List.of("a#b", "say \"hi\"")));
  }

  @Test
  void reportsEverySyntaxErrorWithLineAndColumn() {
    assertThatThrownBy(
            () ->
                RuleParser.parse(
                    """
                    IsComplete "a"
                    IsComplet "a"
                    ColumnValues "age" between 10 and
                    Completeness "email" >= 1.5
                    RowCount => 3
                    ColumnValues "plan" in ["a" "b"]
                    IsUnique "open
                    IsUnique "a" extra
                    """))
        .isInstanceOfSatisfying(
            RuleParser.InvalidRules.class,
            e ->
                assertThat(e.errors())
                    .extracting(RuleParser.SyntaxError::describe)
                    .containsExactly(
                        "Line 2, column 1: unknown rule type 'IsComplet'; expected IsComplete,"
                            + " IsUnique, Completeness, Uniqueness, RowCount or ColumnValues",
                        "Line 3, column 34: expected a number but found the end of the line",
                        "Line 4, column 25: a share must be between 0 and 1, not 1.5",
                        "Line 5, column 11: expected a number but found '>'",
                        "Line 6, column 29: expected ',' or ']' but found 'b'",
                        "Line 7, column 10: the quoted text starting here is not closed with '\"'",
                        "Line 8, column 14: unexpected 'extra' after a complete rule"));
  }

  @Test
  void rejectsABetweenWhoseUpperBoundIsBelowTheLowerBound() {
    assertThatThrownBy(() -> RuleParser.parse("ColumnValues \"a\" between 5 and 1"))
        .isInstanceOfSatisfying(
            RuleParser.InvalidRules.class,
            e -> assertThat(e.errors().get(0).column()).isEqualTo(32));
  }
}
