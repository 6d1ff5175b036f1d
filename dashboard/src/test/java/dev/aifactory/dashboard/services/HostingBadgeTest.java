package dev.aifactory.dashboard.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.dashboard.services.GatewayApi.Hosting;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostingBadgeTest {

  @Test
  void aHostingReadsUnderWayServingTornDownOrFailed() {
    assertThat(badge("REQUESTED")).isEqualTo("rolling-out");
    assertThat(badge("CREATING")).isEqualTo("rolling-out");
    assertThat(badge("CANCELLING")).isEqualTo("rolling-out");
    assertThat(badge("DELETING")).isEqualTo("rolling-out");
    assertThat(badge("IN_SERVICE")).isEqualTo("allow");
    assertThat(badge("ROUTED")).isEqualTo("allow");
    assertThat(badge("DELETED")).isEqualTo("idle");
    assertThat(badge("FAILED")).isEqualTo("deny");
    assertThat(badge("ROUTING_DENIED")).isEqualTo("deny");
  }

  private static String badge(String status) {
    return new Hosting("h", status, "sm", null, null, true, List.of(), "erin", null, null).badge();
  }
}
