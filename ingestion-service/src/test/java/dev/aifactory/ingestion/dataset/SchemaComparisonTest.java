package dev.aifactory.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.events.SchemaChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaComparisonTest {

  private static ColumnProfile column(String name, String type) {
    return column(name, type, null);
  }

  private static ColumnProfile column(String name, String type, Boolean nullable) {
    return new ColumnProfile(
        name, type, 1, 0, 1, false, null, null, null, null, null, null, nullable, null, null, null);
  }

  private static final List<ColumnProfile> V1 =
      List.of(column("age", "numeric"), column("plan", "categorical"), column("label", "numeric"));

  @Test
  void sameColumnsInAnotherOrderAreNoChange() {
    SchemaChange change =
        SchemaComparison.compare(
            1,
            V1,
            List.of(
                column("plan", "categorical"),
                column("age", "numeric"),
                column("label", "numeric")));

    assertThat(change).isEqualTo(new SchemaChange(1, "NONE", List.of()));
  }

  @Test
  void anAddedNullableColumnIsCompatible() {
    List<ColumnProfile> v2 = new java.util.ArrayList<>(V1);
    v2.add(column("email", "categorical"));

    SchemaChange change = SchemaComparison.compare(3, V1, v2);

    assertThat(change.kind()).isEqualTo("COMPATIBLE");
    assertThat(change.previousVersion()).isEqualTo(3);
    assertThat(change.changes()).containsExactly("added nullable column 'email' (categorical)");
    assertThat(change.breaking()).isFalse();
  }

  @Test
  void anAddedRequiredColumnIsBreaking() {
    List<ColumnProfile> v2 = new java.util.ArrayList<>(V1);
    v2.add(column("score", "numeric", false));

    SchemaChange change = SchemaComparison.compare(1, V1, v2);

    assertThat(change.kind()).isEqualTo("BREAKING");
    assertThat(change.changes())
        .containsExactly("added required (non-nullable) column 'score' (numeric)");
  }

  @Test
  void aRemovedColumnIsBreaking() {
    SchemaChange change =
        SchemaComparison.compare(
            1, V1, List.of(column("age", "numeric"), column("label", "numeric")));

    assertThat(change.kind()).isEqualTo("BREAKING");
    assertThat(change.changes()).containsExactly("removed column 'plan'");
  }

  @Test
  void aColumnReplacedAtTheSamePositionWithTheSameTypeIsARename() {
    SchemaChange change =
        SchemaComparison.compare(
            1,
            V1,
            List.of(
                column("age", "numeric"),
                column("tier", "categorical"),
                column("label", "numeric")));

    assertThat(change.kind()).isEqualTo("BREAKING");
    assertThat(change.changes()).containsExactly("renamed column 'plan' to 'tier'");
  }

  @Test
  void aTypeChangeIsBreakingEvenWhenAColumnIsAlsoAdded() {
    SchemaChange change =
        SchemaComparison.compare(
            1,
            V1,
            List.of(
                column("age", "categorical"),
                column("plan", "categorical"),
                column("label", "numeric"),
                column("email", "categorical")));

    assertThat(change.kind()).isEqualTo("BREAKING");
    assertThat(change.changes())
        .containsExactly(
            "changed type of column 'age' from numeric to categorical",
            "added nullable column 'email' (categorical)");
  }
}
