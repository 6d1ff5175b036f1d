package dev.aifactory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

  @Test
  void readsBusyStealAndTotalFromTheAggregateLine() {
    MachineCpu before = MachineCpu.parse("cpu  100 10 50 800 20 0 5 15 0 0");
    MachineCpu after = MachineCpu.parse("cpu  250 10 90 900 20 0 15 55 0 0");

    // busy: (250-100) + 0 + (90-50) + 0 + (15-5) = 200 ticks; steal 40 of 340 ticks in all
    assertThat(after.busySecondsSince(before)).isCloseTo(2.0, within(1e-9));
    assertThat(after.stealPercentSince(before)).isCloseTo(100.0 * 40 / 340, within(1e-9));
  }

  @Test
  void refusesAPerCoreOrForeignLine() {
    assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MachineCpu.parse("intr 12345"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsThisMachineWhereThereIsAProcStat() {
    MachineCpu now = MachineCpu.now();
    if (now != null) {
      assertThat(now.totalTicks()).isGreaterThanOrEqualTo(now.busyTicks() + now.stealTicks());
    }
  }
}
