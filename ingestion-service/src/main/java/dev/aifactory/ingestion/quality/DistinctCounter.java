package dev.aifactory.ingestion.quality;

import java.nio.charset.StandardCharsets;

/**
 * Counts distinct values exactly (up to 64-bit hash collisions, about 3e-8 likely at a million
 * values) by keeping their hashes in an open-addressing table of primitive longs: 8 to 16 bytes per
 * distinct value instead of a String per value. Past {@code cap} distinct values it stops growing,
 * still recognizes repeats of the values it holds, and reports its count as a lower bound.
 */
final class DistinctCounter {

  private static final long EMPTY = 0L;

  private final int cap;
  private long[] table = new long[1024];
  private int size;
  private boolean hasZero;
  private boolean saturated;
  private long repeats;

  DistinctCounter(int cap) {
    this.cap = cap;
  }

  void add(String value) {
    long h = hash(value);
    if (h == EMPTY) {
      if (hasZero) {
        repeats++;
      } else if (size < cap) {
        hasZero = true;
        size++;
      } else {
        saturated = true;
      }
      return;
    }
    int mask = table.length - 1;
    int i = (int) (h ^ (h >>> 32)) & mask;
    while (table[i] != EMPTY) {
      if (table[i] == h) {
        repeats++;
        return;
      }
      i = (i + 1) & mask;
    }
    if (size >= cap) {
      saturated = true;
      return;
    }
    table[i] = h;
    size++;
    if (size * 2 > table.length) {
      grow();
    }
  }

  /** Distinct values seen; a lower bound if {@link #saturated()}. */
  long distinct() {
    return size;
  }

  /** Values that repeated one already held: any repeat proves the column is not unique. */
  long repeats() {
    return repeats;
  }

  boolean saturated() {
    return saturated;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long h : old) {
      if (h != EMPTY) {
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (table[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        table[i] = h;
      }
    }
  }

  /** FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer for well-spread bits. */
  static long hash(String value) {
    long h = 0xcbf29ce484222325L;
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
