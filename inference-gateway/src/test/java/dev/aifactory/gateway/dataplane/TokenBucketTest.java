package dev.aifactory.gateway.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void grantsTheBurstAtOnceThenRefusesWithTheWaitUntilTheNextToken() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);

    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();

    assertThat(bucket.take(0)).isEqualTo(SECOND / 2);
  }

  @Test
  void refillsAtTheRateButNeverBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);
    for (int i = 0; i < 3; i++) {
      bucket.take(0);
    }

    assertThat(bucket.take(SECOND / 2)).isZero();
    assertThat(bucket.take(SECOND / 2)).isPositive();

    long later = 100 * SECOND;
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.take(later)).isZero();
    }
    assertThat(bucket.take(later)).isPositive();
  }

  @Test
  void sustainsTheConfiguredRate() {
    TokenBucket bucket = new TokenBucket(100, 1, 0);
    int granted = 0;
    for (long t = 0; t < 10 * SECOND; t += SECOND / 1000) {
      if (bucket.take(t) == 0) {
        granted++;
      }
    }
    assertThat(granted).isBetween(999, 1001);
  }
}
