package dev.aifactory.ingestion.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PiiClassifierTest {

  private final PiiClassifier classifier = new PiiClassifier(0.8);

  @Test
  void detectsEachKindByValueWithChecksums() {
    assertThat(PiiKind.EMAIL.matchesValue("ana.lopez+news@mail.example.com")).isTrue();
    assertThat(PiiKind.EMAIL.matchesValue("not an email@")).isFalse();
    assertThat(PiiKind.PHONE.matchesValue("+33 6 12 34 56 78")).isTrue();
    assertThat(PiiKind.PHONE.matchesValue("(555) 123-4567")).isTrue();
    assertThat(PiiKind.PHONE.matchesValue("1234567")).as("a bare number").isFalse();
    assertThat(PiiKind.PHONE.matchesValue("2024-01-31")).as("a date").isFalse();
    assertThat(PiiKind.PHONE.matchesValue("123-45-6789")).as("an SSN").isFalse();
    assertThat(PiiKind.CARD.matchesValue("4111 1111 1111 1111")).isTrue();
    assertThat(PiiKind.CARD.matchesValue("4111111111111111")).isTrue();
    assertThat(PiiKind.CARD.matchesValue("4111111111111112")).as("Luhn fails").isFalse();
    assertThat(PiiKind.IBAN.matchesValue("DE89 3704 0044 0532 0130 00")).isTrue();
    assertThat(PiiKind.IBAN.matchesValue("GB82WEST12345698765432")).isTrue();
    assertThat(PiiKind.IBAN.matchesValue("GB82WEST12345698765433")).as("mod 97 fails").isFalse();
    assertThat(PiiKind.NATIONAL_ID.matchesValue("123-45-6789")).isTrue();
    assertThat(PiiKind.NATIONAL_ID.matchesValue("666-45-6789")).as("never issued").isFalse();
    assertThat(PiiKind.IP_ADDRESS.matchesValue("192.168.1.20")).isTrue();
    assertThat(PiiKind.IP_ADDRESS.matchesValue("256.1.1.1")).isFalse();
    assertThat(PiiKind.IP_ADDRESS.matchesValue("2001:db8::8a2e:370:7334")).isTrue();
    assertThat(PiiKind.IP_ADDRESS.matchesValue("::ffff:192.0.2.128")).isTrue();
    assertThat(PiiKind.IP_ADDRESS.matchesValue("2001:db8:::1")).isFalse();
    assertThat(PiiKind.IP_ADDRESS.matchesValue("12:30")).isFalse();
  }

  @Test
  void detectsByNameAlone() {
    assertThat(PiiKind.EMAIL.matchesName("Customer E-Mail")).isTrue();
    assertThat(PiiKind.NATIONAL_ID.matchesName("ssn")).isTrue();
    assertThat(PiiKind.IP_ADDRESS.matchesName("client_ip")).isTrue();
    assertThat(PiiKind.IP_ADDRESS.matchesName("zip")).isFalse();
    assertThat(PiiKind.PHONE.matchesName("hotel")).isFalse();
  }

  @Test
  void tagsAColumnWhenEnoughSampledValuesMatch() {
    ColumnClassification c =
        classifier.classify(
            "contact", List.of("a@x.io", "b@y.org", "c@z.com", "d@w.net", "unknown"));

    assertThat(c.detections()).containsExactly(new Detection("email", 0.8, 4, 5, false, true));
    assertThat(c.tags()).containsExactly("pii", "pii:email", "confidential");
  }

  @Test
  void leavesAColumnUntaggedBelowTheConfidenceThreshold() {
    ColumnClassification c =
        classifier.classify("note", List.of("a@x.io", "hello", "world", "again", "more"));

    assertThat(c.detections()).isEmpty();
    assertThat(c.tags()).isEmpty();
  }

  @Test
  void samplesDeterministicallyAndBoundedly() {
    ValueSampler a = new ValueSampler(10);
    ValueSampler b = new ValueSampler(10);
    for (int i = 0; i < 10_000; i++) {
      a.value("c", "v" + i);
      b.value("c", "v" + i);
    }
    assertThat(a.sample("c")).hasSize(10).isEqualTo(b.sample("c"));
    assertThat(a.sample("missing")).isEmpty();
  }
}
