package dev.aifactory.ingestion.dataset.profile;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;

/**
 * Counts of distinct text values in a primitive open-addressing table keyed by a 64-bit hash of the
 * text, with the first spelling kept for reporting. A lookup touches two primitive arrays and never
 * the stored strings: in a {@code HashMap<String, long[]>} each lookup chased the node, the key,
 * its bytes and the boxed count, and those cache misses were half of all profiling time on a wide
 * file.
 *
 * <p>Two different values count as one only if their 64-bit hashes collide: for the at most {@code
 * distinctCap} (10,000) values a column holds, the chance is about n²/2⁶⁵ ≈ 3·10⁻¹², far below the
 * error the sketches already admit.
 */
final class TextCounts {

  private static final long EMPTY = 0; // hash() never returns 0

  private long[] hashes = new long[64];
  private long[] counts = new long[64];
  private String[] texts = new String[64];
  private int size;

  int size() {
    return size;
  }

  /** 64-bit FNV-1a over the characters, finished with MurmurHash3's mixer; never 0. */
  static long hash(String value) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < value.length(); i++) {
      h ^= value.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= value.length();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == EMPTY ? 1 : h;
  }

  /** Adds {@code n} to the value's count; true if it was new. */
  boolean add(long hash, String text, long n) {
    int mask = hashes.length - 1;
    int i = (int) hash & mask;
    while (hashes[i] != EMPTY) {
      if (hashes[i] == hash) {
        counts[i] += n;
        return false;
      }
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    counts[i] = n;
    texts[i] = text;
    size++;
    if (size * 2 > hashes.length) {
      rehash(hashes.length * 2, c -> true);
    }
    return true;
  }

  /** Subtracts {@code amount} from every count and drops the values left at zero or below. */
  void subtract(long amount) {
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != EMPTY) {
        counts[i] -= amount;
      }
    }
    rehash(hashes.length, c -> c > 0);
  }

  /** The counts of the values held, in table order, into {@code into} (length at least size). */
  int counts(long[] into) {
    int n = 0;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != EMPTY) {
        into[n++] = counts[i];
      }
    }
    return n;
  }

  void forEach(BiConsumer<String, Long> action) {
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != EMPTY) {
        action.accept(texts[i], counts[i]);
      }
    }
  }

  void forEachHash(java.util.function.LongConsumer action) {
    for (long h : hashes) {
      if (h != EMPTY) {
        action.accept(h);
      }
    }
  }

  void clear() {
    hashes = new long[64];
    counts = new long[64];
    texts = new String[64];
    size = 0;
  }

  private void rehash(int capacity, LongPredicate keep) {
    long[] oldHashes = hashes;
    long[] oldCounts = counts;
    String[] oldTexts = texts;
    hashes = new long[capacity];
    counts = new long[capacity];
    texts = new String[capacity];
    size = 0;
    int mask = capacity - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      if (oldHashes[j] != EMPTY && keep.test(oldCounts[j])) {
        int i = (int) oldHashes[j] & mask;
        while (hashes[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        counts[i] = oldCounts[j];
        texts[i] = oldTexts[j];
        size++;
      }
    }
    Arrays.fill(oldTexts, null);
  }
}
