package dev.aifactory.monitoring.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Unsigned LEB128 varints and sparse count arrays, the compact form of stored sketches. */
final class Varints {

  private Varints() {}

  static void write(DataOutput out, long value) throws IOException {
    if (value < 0) {
      throw new IllegalArgumentException("negative count " + value);
    }
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  static long read(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed varint");
  }

  /** Length, then (gap to the previous non-zero index, count) pairs, then a terminating 0 gap. */
  static void writeCounts(DataOutput out, long[] counts) throws IOException {
    if (counts == null) {
      write(out, 0);
      return;
    }
    write(out, counts.length + 1L);
    int previous = -1;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        write(out, i - previous);
        write(out, counts[i]);
        previous = i;
      }
    }
    write(out, 0);
  }

  /** Adds the counts to {@code into}, which must have the written length. */
  static void readCounts(DataInput in, long[] into) throws IOException {
    long length = read(in) - 1;
    if (length != (into == null ? -1 : into.length)) {
      throw new IOException("stored counts of length " + length + " do not match the baseline");
    }
    int index = -1;
    for (long gap = read(in); gap != 0; gap = read(in)) {
      index += (int) gap;
      into[index] += read(in);
    }
  }
}
