package dev.aifactory.gateway.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.TrainedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {

  private final FeatureEncoder encoder = new FeatureEncoder(TrainedModel.SCHEMA);

  @Test
  void encodesCategoriesAsTheirIndexInTheSchema() {
    assertThat(encoder.encode(2, "basic", "f")).isEqualTo(0f);
    assertThat(encoder.encode(2, "pro", "f")).isEqualTo(2f);
  }

  @Test
  void encodesUnknownCategoriesAndNullsAsMissing() {
    assertThat(encoder.encode(2, "enterprise", "f")).isNaN();
    assertThat(encoder.encode(2, null, "f")).isNaN();
    assertThat(encoder.encode(0, null, "f")).isNaN();
    assertThat(encoder.encode(0, "  ", "f")).isNaN();
  }

  @Test
  void acceptsNumbersAndNumericText() {
    assertThat(encoder.encode(0, 42, "f")).isEqualTo(42f);
    assertThat(encoder.encode(1, 20.5, "f")).isEqualTo(20.5f);
    assertThat(encoder.encode(1, " 20.5 ", "f")).isEqualTo(20.5f);
  }

  @Test
  void rejectsNonNumericValueOfNumericFeatureNamingTheField() {
    assertThatThrownBy(() -> encoder.encode(0, "abc", "instances[3][0]"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(400);
              assertThat(e.errors().get(0).field()).isEqualTo("instances[3][0]");
              assertThat(e.getMessage()).contains("'age' is numeric");
            });
    assertThatThrownBy(() -> encoder.encode(0, true, "x")).isInstanceOf(ApiException.class);
  }

  @Test
  void capturesCategoricalValuesAsTextAndNumericAsNumbers() {
    FeatureMatrix matrix = new FeatureMatrix(encoder, 1);
    matrix.set(0, 0, "35", "a");
    matrix.set(0, 1, null, "b");
    matrix.set(0, 2, "pro", "c");
    Map<String, Object> features = matrix.features(0);
    assertThat(features).containsEntry("age", 35.0).containsEntry("plan", "pro");
    assertThat(features).containsKey("income").extractingByKey("income").isNull();
  }
}
