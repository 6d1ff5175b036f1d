package dev.aifactory.ingestion.dataset.profile;

import java.util.function.BiConsumer;

/**
 * Exact counts of distinct numeric values in a primitive open-addressing table keyed by the
 * double's bits: no string hashing or comparison per cell, which is most of the cost of a {@code
 * HashMap<String, ...>} on wide numeric files. The first spelling of each value is kept so that,
 * should the column turn out categorical, its counts can become text frequencies.
 */
final class NumberCounts {

  private static final long EMPTY = Long.MIN_VALUE + 1; // a NaN bit pattern: never a parsed number

  private long[] keys = newKeys(64);
  private long[] counts = new long[64];
  private String[] texts = new String[64];
  private int size;

  int size() {
    return size;
  }

  /**
   * Counts {@code value}; false (and nothing counted) if it is new and the table holds {@code cap}.
   */
  boolean add(double value, String text, int cap) {
    long key = key(value);
    int mask = keys.length - 1;
    int i = (int) mix(key) & mask;
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        counts[i]++;
        return true;
      }
      i = (i + 1) & mask;
    }
    if (size >= cap) {
      return false;
    }
    keys[i] = key;
    counts[i] = 1;
    texts[i] = text;
    size++;
    if (size * 2 > keys.length) {
      resize();
    }
    return true;
  }

  void forEach(BiConsumer<String, Long> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        action.accept(texts[i], counts[i]);
      }
    }
  }

  /** 64-bit hashes of the values, for seeding a {@link HyperLogLog} at the cap. */
  void forEachHash(java.util.function.LongConsumer action) {
    for (long key : keys) {
      if (key != EMPTY) {
        action.accept(hash(key));
      }
    }
  }

  static long key(double value) {
    return value == 0.0 ? 0L : Double.doubleToLongBits(value); // -0.0 and 0.0 are one value
  }

  static long hash(long key) {
    return mix(key * 0x9E3779B97F4A7C15L);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private void resize() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    String[] oldTexts = texts;
    keys = newKeys(oldKeys.length * 2);
    counts = new long[keys.length];
    texts = new String[keys.length];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        int i = (int) mix(oldKeys[j]) & mask;
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        counts[i] = oldCounts[j];
        texts[i] = oldTexts[j];
      }
    }
  }

  private static long[] newKeys(int capacity) {
    long[] keys = new long[capacity];
    java.util.Arrays.fill(keys, EMPTY);
    return keys;
  }
}
