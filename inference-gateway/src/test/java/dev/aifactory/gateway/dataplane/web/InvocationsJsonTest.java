package dev.aifactory.gateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InvocationsJsonTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void writesPredictionsExactlyAsJacksonWritesThem() {
    Random random = new Random(7);
    for (int n = 0; n < 200; n++) {
      double[] predictions = new double[n % 9];
      for (int i = 0; i < predictions.length; i++) {
        predictions[i] =
            switch (i % 4) {
              case 0 -> random.nextDouble();
              case 1 -> random.nextGaussian() * 1e-7;
              case 2 -> -random.nextDouble() * 1e12;
              default -> (double) random.nextInt(3);
            };
      }
      List<Double> boxed = java.util.Arrays.stream(predictions).boxed().toList();
      Object written = Invocations.predictionsJson(predictions);
      assertThat(written).isInstanceOf(String.class);
      assertThat(written).isEqualTo(json.writeValueAsString(Map.of("predictions", boxed)));
      // and it reads back to the same numbers
      assertThat(json.readValue((String) written, Map.class).get("predictions")).isEqualTo(boxed);
    }
  }

  @Test
  void leavesNonFiniteScoresToJackson() {
    assertThat(Invocations.predictionsJson(new double[] {0.5, Double.NaN}))
        .isEqualTo(Map.of("predictions", List.of(0.5, Double.NaN)));
  }
}
