package dev.aifactory.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time from {@code /proc/stat}'s {@code cpu} line: what a pass spent in
 * all, and how much the hypervisor took ({@code steal}). A pass's own processes are measured
 * separately; the difference is what everything else on the machine used meanwhile — so a bad round
 * can be told apart from a gateway that got slower.
 *
 * @param busyTicks user + nice + system + irq + softirq (+ guest, counted in user), all cores
 * @param stealTicks time the hypervisor ran something else while this machine had work
 * @param totalTicks every field: busy, idle, iowait and steal
 */
record MachineCpu(long busyTicks, long stealTicks, long totalTicks) {

  /** USER_HZ, as in {@link ServerProcesses}. */
  static final long TICKS_PER_SECOND = 100;

  /** Now, or null where there is no {@code /proc/stat}. */
  static MachineCpu now() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The aggregate {@code cpu user nice system idle iowait irq softirq steal ...} line. */
  static MachineCpu parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (!"cpu".equals(f[0]) || f.length < 9) {
      throw new IllegalArgumentException("Not /proc/stat's cpu line: " + line);
    }
    long user = Long.parseLong(f[1]);
    long nice = Long.parseLong(f[2]);
    long system = Long.parseLong(f[3]);
    long idle = Long.parseLong(f[4]);
    long iowait = Long.parseLong(f[5]);
    long irq = Long.parseLong(f[6]);
    long softirq = Long.parseLong(f[7]);
    long steal = Long.parseLong(f[8]);
    long busy = user + nice + system + irq + softirq;
    return new MachineCpu(busy, steal, busy + idle + iowait + steal);
  }

  /** Busy CPU seconds between {@code earlier} and this. */
  double busySecondsSince(MachineCpu earlier) {
    return (busyTicks - earlier.busyTicks) / (double) TICKS_PER_SECOND;
  }

  /** Share of all CPU time the hypervisor took between {@code earlier} and this, in percent. */
  double stealPercentSince(MachineCpu earlier) {
    long total = totalTicks - earlier.totalTicks;
    return total <= 0 ? 0 : 100.0 * (stealTicks - earlier.stealTicks) / total;
  }
}
