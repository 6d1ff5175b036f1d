package dev.aifactory.ingestion.dataset.profile;

/**
 * HyperLogLog distinct-count estimate (Flajolet et al. 2007) with 2^14 one-byte registers (16 KB)
 * and linear counting for small cardinalities: standard error about 0.8%. Columns feed it the
 * 64-bit hashes they already computed ({@link TextCounts#hash}, {@link NumberCounts#hash}), so the
 * estimate is the same on every run.
 */
final class HyperLogLog {

  private static final int P = 14;
  private static final int M = 1 << P;

  private final byte[] registers = new byte[M];

  void add(String value) {
    addHash(hash(value));
  }

  void addHash(long hash) {
    int index = (int) (hash >>> (64 - P));
    int rank = Long.numberOfLeadingZeros((hash << P) | (1L << (P - 1))) + 1;
    if (rank > registers[index]) {
      registers[index] = (byte) rank;
    }
  }

  long estimate() {
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += 1.0 / (1L << r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / M);
    double raw = alpha * M * M / sum;
    if (raw <= 2.5 * M && zeros > 0) {
      return Math.round(M * Math.log((double) M / zeros));
    }
    return Math.round(raw);
  }

  static long hash(String value) {
    long h = value.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
