package dev.aifactory.ingestion.dataset.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void parsesExactlyLikeParseDoubleOnTheFastPathAndBeyond() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      String text =
          switch (i % 5) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> String.format(Locale.ROOT, "%.5f", random.nextDouble() * 360 - 180);
            case 2 ->
                Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(-20, 20)));
            case 3 -> "0.000" + random.nextInt(1_000_000);
            default -> "-" + random.nextInt(1000) + "." + random.nextLong(1L << 40);
          };
      assertThat(Numbers.parse(text)).as(text).isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void acceptsOnlyPlainDecimalNotation() {
    for (String number : new String[] {"1", "-2.5", "+.5", "5.", "1e3", "-1.5E-7", "007"}) {
      assertThat(Numbers.isNumber(number)).as(number).isTrue();
      assertThat(Numbers.parse(number)).as(number).isEqualTo(Double.parseDouble(number));
    }
    for (String text :
        new String[] {"", ".", "-", "NaN", "Infinity", "1d", "0x1p3", "1e", "1.2.3", "1,5", "e5"}) {
      assertThat(Numbers.isNumber(text)).as(text).isFalse();
      assertThat(Numbers.parse(text)).as(text).isNaN();
    }
  }
}
