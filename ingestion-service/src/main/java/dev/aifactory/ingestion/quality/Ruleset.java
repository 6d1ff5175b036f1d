package dev.aifactory.ingestion.quality;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One immutable version of a dataset's quality rules, kept as written. */
public record Ruleset(
    UUID datasetId, int version, String text, int ruleCount, String createdBy, Instant createdAt) {

  public List<Rule> rules() {
    return RuleParser.parse(text);
  }
}
