package dev.aifactory.training.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

  @Test
  void userValuesOverrideDefaults() {
    Map<String, String> effective = Hyperparameters.effective(Map.of("eta", "0.05"));
    assertThat(effective)
        .containsEntry("eta", "0.05")
        .containsEntry("max_depth", "4")
        .containsEntry("num_round", "100")
        .containsEntry("early_stopping_rounds", "10")
        .containsEntry("seed", "42")
        .containsEntry("nthread", "2");
  }

  @Test
  void rejectsUnknownParameters() {
    assertThatThrownBy(() -> Hyperparameters.validate(Map.of("booster", "gblinear")))
        .isInstanceOfSatisfying(
            Hyperparameters.Invalid.class, e -> assertThat(e.parameter()).isEqualTo("booster"))
        .hasMessageContaining("not supported");
  }

  @Test
  void rejectsValuesOfTheWrongTypeOrRange() {
    assertThatThrownBy(() -> Hyperparameters.validate(Map.of("max_depth", "deep")))
        .hasMessageContaining("must be an integer");
    assertThatThrownBy(() -> Hyperparameters.validate(Map.of("max_depth", "0")))
        .hasMessageContaining(">= 1");
    assertThatThrownBy(() -> Hyperparameters.validate(Map.of("eta", "0")))
        .hasMessageContaining("> 0");
    assertThatThrownBy(() -> Hyperparameters.validate(Map.of("subsample", "1.5")))
        .hasMessageContaining("<= 1");
  }
}
