package dev.aifactory.monitoring.window;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureBaseline;
import dev.aifactory.monitoring.drift.DriftStatistics;
import dev.aifactory.monitoring.drift.WindowSketch;
import dev.aifactory.monitoring.slo.Slo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything a window's evaluation needs except rows, built as captures arrive and stored with the
 * window (table {@code window_aggregates}, rewritten in each capture batch's transaction), so
 * closing a window of a million captures reads one small state instead of the captures: the drift
 * sketches of the version's baseline, missing-feature counts, a latency histogram (µs, 3
 * significant digits) and a histogram of the non-5xx requests weighted by 1 / sample rate (SLO good
 * counts at any latency threshold), error and request counts, CPU-seconds and the CBPE confidence
 * sum. {@code complete} is false when some of the window's captures did not go through it (stored
 * before the aggregate existed, or before the baseline was known); evaluation then rebuilds it from
 * the captures.
 */
final class WindowAggregate {

  private static final int FORMAT = 1;
  // Weights (1 / sample rate) are recorded as integer histogram counts in thousandths.
  private static final double WEIGHT_SCALE = 1000.0;

  private final boolean complete;
  private final WindowSketch sketch;
  private final List<String> baselineFeatures;
  private final Map<String, Long> missing = new LinkedHashMap<>();
  private final Histogram latencyMicros = new Histogram(3);
  private final Histogram goodCandidatesMicros = new Histogram(3); // non-5xx, weighted
  private long count;
  private long errors;
  private long predicted;
  private double confidence;
  private double requests;
  private double cpuSeconds;
  private double nonServerErrorWeight;

  private WindowAggregate(
      DriftStatistics statistics,
      DriftBaseline baseline,
      WindowSketch prototype,
      boolean complete) {
    this.complete = complete;
    this.sketch =
        baseline == null
            ? null
            : prototype != null ? prototype.emptyCopy() : new WindowSketch(statistics, baseline);
    this.baselineFeatures =
        baseline == null || baseline.features() == null
            ? List.of()
            : baseline.features().stream().map(FeatureBaseline::name).toList();
  }

  /** An empty aggregate; with drift sketches when the baseline is known. */
  static WindowAggregate start(
      DriftStatistics statistics, DriftBaseline baseline, boolean complete) {
    return new WindowAggregate(statistics, baseline, null, complete);
  }

  /** As above, copying the structure of {@code prototype} (an empty sketch of {@code baseline}). */
  static WindowAggregate start(DriftBaseline baseline, WindowSketch prototype, boolean complete) {
    return new WindowAggregate(null, baseline, prototype, complete);
  }

  /**
   * A stored aggregate; its sketches are rebuilt over {@code baseline}. A state that does not fit
   * (written for another baseline or format) is an {@link IOException}.
   */
  static WindowAggregate read(byte[] state, DriftStatistics statistics, DriftBaseline baseline)
      throws IOException {
    return read(state, statistics, baseline, null);
  }

  /** As above; {@code prototype}, when given, is an empty sketch of {@code baseline} to copy. */
  static WindowAggregate read(
      byte[] state, DriftStatistics statistics, DriftBaseline baseline, WindowSketch prototype)
      throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
    if (in.readInt() != FORMAT) {
      throw new IOException("unknown window aggregate format");
    }
    boolean complete = in.readBoolean();
    boolean hasSketch = in.readBoolean();
    if (hasSketch && baseline == null) {
      throw new IOException("window aggregate has sketches but the baseline is gone");
    }
    WindowAggregate a =
        new WindowAggregate(statistics, hasSketch ? baseline : null, prototype, complete);
    a.count = in.readLong();
    a.errors = in.readLong();
    a.predicted = in.readLong();
    a.confidence = in.readDouble();
    a.requests = in.readDouble();
    a.cpuSeconds = in.readDouble();
    a.nonServerErrorWeight = in.readDouble();
    a.latencyMicros.add(readHistogram(in));
    a.goodCandidatesMicros.add(readHistogram(in));
    int missing = in.readInt();
    for (int i = 0; i < missing; i++) {
      a.missing.put(in.readUTF(), in.readLong());
    }
    if (hasSketch) {
      a.sketch.readFrom(in);
    }
    return a;
  }

  byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(FORMAT);
      out.writeBoolean(complete);
      out.writeBoolean(sketch != null);
      out.writeLong(count);
      out.writeLong(errors);
      out.writeLong(predicted);
      out.writeDouble(confidence);
      out.writeDouble(requests);
      out.writeDouble(cpuSeconds);
      out.writeDouble(nonServerErrorWeight);
      writeHistogram(out, latencyMicros);
      writeHistogram(out, goodCandidatesMicros);
      out.writeInt(missing.size());
      for (Map.Entry<String, Long> m : missing.entrySet()) {
        out.writeUTF(m.getKey());
        out.writeLong(m.getValue());
      }
      if (sketch != null) {
        sketch.writeTo(out);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
  }

  private static void writeHistogram(DataOutputStream out, Histogram histogram) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer, 1);
    out.writeInt(length);
    out.write(buffer.array(), 0, length);
  }

  private static Histogram readHistogram(DataInputStream in) throws IOException {
    byte[] encoded = new byte[in.readInt()];
    in.readFully(encoded);
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
    } catch (java.util.zip.DataFormatException e) {
      throw new IOException("corrupt latency histogram", e);
    }
  }

  void add(CapturedInference r) {
    count++;
    double weight = WindowPass.weightOf(r.sampleRate());
    long micros = Math.max(0, Math.round(r.latencyMs() * 1000));
    latencyMicros.recordValue(micros);
    if (r.status() >= 400) {
      errors++;
    }
    if (r.status() < 500) {
      nonServerErrorWeight += weight;
      long scaled = Math.round(weight * WEIGHT_SCALE);
      if (scaled > 0) {
        goodCandidatesMicros.recordValueWithCount(micros, scaled);
      }
    }
    requests += weight;
    cpuSeconds += r.latencyMs() / 1000.0 * weight;
    if (r.prediction() != null) {
      double p = Math.min(1, Math.max(0, r.prediction()));
      confidence += Math.max(p, 1 - p);
      predicted++;
    }
    Map<String, Object> row = r.features() == null ? Map.of() : r.features();
    if (sketch != null) {
      sketch.add(row, r.prediction());
    }
    for (String feature : baselineFeatures) {
      if (row.get(feature) == null) {
        missing.merge(feature, 1L, Long::sum);
      }
    }
  }

  boolean complete() {
    return complete;
  }

  boolean hasSketch() {
    return sketch != null;
  }

  WindowSketch sketch() {
    return sketch;
  }

  long count() {
    return count;
  }

  /** Percentiles from the histogram (lowest value of the percentile's bucket, ≤ 0.1 % off). */
  LatencySummary latency() {
    if (count == 0) {
      return new LatencySummary(0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        count, percentile(50), percentile(95), percentile(99), (double) errors / count);
  }

  private double percentile(double p) {
    return latencyMicros.lowestEquivalentValue(latencyMicros.getValueAtPercentile(p)) / 1000.0;
  }

  /** Requests the captures stand for (each weighted by 1 / sample rate). */
  double requests() {
    return requests;
  }

  /** Weighted requests that met {@code slo} (no server error; under its latency threshold). */
  double good(Slo slo) {
    if (slo.objective() == dev.aifactory.monitoring.slo.SloObjective.AVAILABILITY
        || slo.latencyThresholdMs() == null) {
      return nonServerErrorWeight;
    }
    long below = Math.round(slo.latencyThresholdMs() * 1000) - 1;
    if (below < 0) {
      return 0;
    }
    return goodCandidatesMicros.getCountBetweenValues(0, below) / WEIGHT_SCALE;
  }

  double cpuSeconds() {
    return cpuSeconds;
  }

  long predicted() {
    return predicted;
  }

  /** CBPE expected accuracy: mean of max(p, 1 − p) over the predictions; NaN without any. */
  double expectedAccuracy() {
    return predicted == 0 ? Double.NaN : confidence / predicted;
  }

  /** Captures that lacked each baseline feature (only features missing somewhere). */
  Map<String, Long> missing() {
    return missing;
  }
}
