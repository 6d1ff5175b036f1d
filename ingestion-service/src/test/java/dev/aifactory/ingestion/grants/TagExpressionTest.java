package dev.aifactory.ingestion.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagExpressionTest {

  @Test
  void parsesConjunctionsOfTagsKeyValuesAndNegatedFlags() {
    TagExpression e = TagExpression.parse("domain=growth AND NOT pii AND tier:gold");

    assertThat(e.terms())
        .containsExactly(
            new TagExpression.Term("domain:growth", true),
            new TagExpression.Term("pii", false),
            new TagExpression.Term("tier:gold", true));
    assertThat(e.toString()).isEqualTo("domain:growth AND NOT pii AND tier:gold");
  }

  @Test
  void refusesNegationOfUngovernedTagsAndGarbage() {
    assertThatThrownBy(() -> TagExpression.parse("NOT domain:growth"))
        .hasMessageContaining("governed flags");
    assertThatThrownBy(() -> TagExpression.parse("domain = growth OR x"))
        .hasMessageContaining("is not a tag condition");
    assertThatThrownBy(() -> TagExpression.parse(" ")).hasMessageContaining("empty");
  }

  @Test
  void labelsCarryEveryTagAndTheMissingGovernedFlagsAsFalse() {
    assertThat(TagExpression.labels(List.of("domain:growth", "pii")))
        .containsExactly(
            java.util.Map.entry("domain:growth", "true"),
            java.util.Map.entry("pii", "true"),
            java.util.Map.entry("confidential", "false"));
  }
}
