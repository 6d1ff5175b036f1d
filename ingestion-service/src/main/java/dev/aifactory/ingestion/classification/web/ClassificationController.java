package dev.aifactory.ingestion.classification.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.ingestion.classification.ClassificationManagement;
import dev.aifactory.ingestion.classification.DatasetClassification;
import dev.aifactory.ingestion.classification.TagOverride;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** PII classification of a dataset's latest version and the steward's tag decisions. */
@RestController
@RequestMapping("/api/v1/datasets/{id}/classification")
class ClassificationController {

  private final ClassificationManagement classification;

  ClassificationController(ClassificationManagement classification) {
    this.classification = classification;
  }

  record TagDecision(List<String> tags, String reason) {}

  record History(List<TagOverride> items) {}

  @GetMapping
  DatasetClassification get(@PathVariable UUID id, Caller caller) {
    return classification.get(caller, id);
  }

  @PutMapping(path = "/{column}", consumes = MediaType.APPLICATION_JSON_VALUE)
  DatasetClassification.ColumnState decide(
      @PathVariable UUID id,
      @PathVariable String column,
      @RequestBody TagDecision body,
      Caller caller) {
    return classification.override(caller, id, column, body.tags(), body.reason());
  }

  @GetMapping("/{column}/overrides")
  History history(@PathVariable UUID id, @PathVariable String column, Caller caller) {
    return new History(classification.history(caller, id, column));
  }
}
