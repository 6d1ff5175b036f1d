package dev.aifactory.training.run.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Generated CSV files with a known relationship between features and target. */
public final class TestData {

  private TestData() {}

  /**
   * Label "yes" when x1 + 0.5·x2 (+1 for red) plus a little noise is positive; x2 often missing.
   */
  public static Path binary(Path dir, int rows, long seed) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("x1,x2,color,churned\n");
    String[] colors = {"red", "green", "blue"};
    for (int i = 0; i < rows; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      String color = colors[random.nextInt(3)];
      double score = x1 + 0.5 * x2 + ("red".equals(color) ? 1 : 0) + 0.2 * random.nextGaussian();
      csv.append(String.format(Locale.ROOT, "%.4f,", x1))
          .append(i % 10 == 0 ? "" : String.format(Locale.ROOT, "%.4f", x2))
          .append(',')
          .append(color)
          .append(',')
          .append(score > 0.3 ? "yes" : "no")
          .append('\n');
    }
    return write(dir.resolve("binary-" + seed + ".csv"), csv.toString());
  }

  /** price = 3·size + 10·(city == b) + noise. */
  public static Path regression(Path dir, int rows, long seed) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("size,city,price\n");
    for (int i = 0; i < rows; i++) {
      double size = random.nextDouble() * 10;
      String city = random.nextBoolean() ? "a" : "b";
      double price = 3 * size + ("b".equals(city) ? 10 : 0) + random.nextGaussian() * 0.5;
      csv.append(String.format(Locale.ROOT, "%.4f,%s,%.4f%n", size, city, price));
    }
    return write(dir.resolve("regression-" + seed + ".csv"), csv.toString());
  }

  /** Segment "low" / "mid" / "high" by x1 + 0.3·x2 with a little noise; x3 is pure noise. */
  public static Path multiclass(Path dir, int rows, long seed) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("x1,x2,x3,segment\n");
    for (int i = 0; i < rows; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      double x3 = random.nextGaussian();
      double score = x1 + 0.3 * x2 + 0.1 * random.nextGaussian();
      String segment = score < -0.5 ? "low" : score < 0.5 ? "mid" : "high";
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s%n", x1, x2, x3, segment));
    }
    return write(dir.resolve("multiclass-" + seed + ".csv"), csv.toString());
  }

  /** y = 5·signal + small noise; noise1 and noise2 carry nothing. */
  public static Path oneSignal(Path dir, int rows, long seed) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("noise1,signal,noise2,y\n");
    for (int i = 0; i < rows; i++) {
      double signal = random.nextGaussian();
      csv.append(
          String.format(
              Locale.ROOT,
              "%.4f,%.4f,%.4f,%.4f%n",
              random.nextGaussian(),
              signal,
              random.nextGaussian(),
              5 * signal + 0.1 * random.nextGaussian()));
    }
    return write(dir.resolve("one-signal-" + seed + ".csv"), csv.toString());
  }

  public static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
