package dev.aifactory.gateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FirewallRulesTest {

  /** Spring Security's default header and parameter-name rule, which the loop replaces. */
  private static final Pattern DEFAULT_RULE =
      Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

  @Test
  void acceptsAndRejectsExactlyWhatTheDefaultRegexDoes() {
    List<String> values =
        List.of(
            "",
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJlcmluIn0.c2ln",
            "application/json; charset=UTF-8",
            "tab\there",
            "new\nline",
            "carriage\rreturn",
            "nul\u0000",
            "del\u007f",
            "c1 control \u0085",
            "latin é ü ß",
            "cjk 日本語",
            "emoji \uD83D\uDE00",
            "unassigned \u0378",
            "unassigned astral \uDB40\uDC00",
            "lone surrogate \uD800",
            "private use \uE000",
            "noncharacter \uFFFF");
    for (String value : values) {
      assertThat(GatewaySecurityConfiguration.assignedAndNotControl(value))
          .as("%s", value.codePoints().mapToObj(Integer::toHexString).toList())
          .isEqualTo(DEFAULT_RULE.matcher(value).matches());
    }
  }

  @Test
  void agreesWithTheDefaultRuleOnEveryCharOfTheBasicPlaneAfterAnAsciiPrefix() {
    // The ASCII fast path hands over at the first other char: check the hand-over for every char.
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      String value = "Bearer eyJ.abc-" + c + "-tail";
      assertThat(GatewaySecurityConfiguration.assignedAndNotControl(value))
          .as("U+%04X", (int) c)
          .isEqualTo(DEFAULT_RULE.matcher(value).matches());
    }
  }

  @Test
  void rejectsControlCharactersAnywhereInAValue() {
    assertThat(GatewaySecurityConfiguration.assignedAndNotControl("abc")).isTrue();
    assertThat(GatewaySecurityConfiguration.assignedAndNotControl("a\u0001bc")).isFalse();
    assertThat(GatewaySecurityConfiguration.assignedAndNotControl("abc\u001f")).isFalse();
  }
}
