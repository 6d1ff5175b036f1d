package dev.aifactory.policy.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookTargetTest {

  @Test
  void acceptsHttpsAnywhere() {
    assertThat(WebhookTarget.parse("https://hooks.example.com/a?b=c", false).uri().getHost())
        .isEqualTo("hooks.example.com");
  }

  @Test
  void refusesPlainHttpOutsideDevModeEvenToLoopback() {
    assertThatThrownBy(() -> WebhookTarget.parse("http://127.0.0.1:8080/hook", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url must use https");
  }

  @Test
  void acceptsPlainHttpToLoopbackOnlyInDevMode() {
    assertThat(WebhookTarget.parse("http://127.0.0.1:8080/hook", true)).isNotNull();
    assertThat(WebhookTarget.parse("http://localhost/hook", true)).isNotNull();
    assertThatThrownBy(() -> WebhookTarget.parse("http://hooks.example.com/hook", true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesRelativeUrlsOtherSchemesAndCredentials() {
    assertThatThrownBy(() -> WebhookTarget.parse("/hook", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookTarget.parse("ftp://example.com/x", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookTarget.parse("https://user:pw@example.com/x", true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void backsOffExponentiallyUpToTheMaximum() {
    WebhookProperties p =
        new WebhookProperties(
            Duration.ofSeconds(1), 8, Duration.ofSeconds(5), Duration.ofSeconds(60), null, 20);
    assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoff(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(p.backoff(5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.backoff(30)).isEqualTo(Duration.ofSeconds(60));
  }
}
