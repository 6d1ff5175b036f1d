package dev.aifactory.ingestion.quality.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.ingestion.dataset.DatasetManagement;
import dev.aifactory.ingestion.dataset.DatasetVersion;
import dev.aifactory.ingestion.dataset.RuleResult;
import dev.aifactory.ingestion.quality.QualityRuleManagement;
import dev.aifactory.ingestion.quality.Ruleset;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A dataset's quality rules and the results of running them on its versions. */
@RestController
@RequestMapping("/api/v1/datasets/{id}")
class QualityRuleController {

  private final QualityRuleManagement rules;
  private final DatasetManagement datasets;

  QualityRuleController(QualityRuleManagement rules, DatasetManagement datasets) {
    this.rules = rules;
    this.datasets = datasets;
  }

  record RulesBody(String rules) {}

  record RulesetView(
      UUID datasetId,
      int version,
      String rules,
      int ruleCount,
      String createdBy,
      Instant createdAt) {

    static RulesetView of(Ruleset r) {
      return new RulesetView(
          r.datasetId(), r.version(), r.text(), r.ruleCount(), r.createdBy(), r.createdAt());
    }
  }

  record QualityResultsView(
      UUID datasetId,
      int version,
      String qualityStatus,
      String qualityReason,
      Integer rulesetVersion,
      List<RuleResult> results) {}

  @PutMapping(path = "/quality-rules", consumes = MediaType.TEXT_PLAIN_VALUE)
  RulesetView putText(
      @PathVariable UUID id, @RequestBody(required = false) String body, Caller caller) {
    return RulesetView.of(rules.put(caller, id, body == null ? "" : body));
  }

  @PutMapping(path = "/quality-rules", consumes = MediaType.APPLICATION_JSON_VALUE)
  RulesetView putJson(@PathVariable UUID id, @RequestBody RulesBody body, Caller caller) {
    return RulesetView.of(rules.put(caller, id, body.rules()));
  }

  @GetMapping("/quality-rules")
  RulesetView get(@PathVariable UUID id, Caller caller) {
    return RulesetView.of(rules.get(caller, id));
  }

  @GetMapping("/versions/{version}/quality-results")
  QualityResultsView results(@PathVariable UUID id, @PathVariable int version, Caller caller) {
    DatasetVersion v = datasets.getVersion(caller, id, version);
    return new QualityResultsView(
        v.datasetId(),
        v.version(),
        v.qualityStatus().name(),
        v.qualityReason(),
        v.rulesetVersion(),
        v.qualityResults());
  }
}
