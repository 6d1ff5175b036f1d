package dev.aifactory.ingestion.classification;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.Dataset;
import dev.aifactory.ingestion.dataset.DatasetManagement;
import dev.aifactory.ingestion.dataset.DatasetVersion;
import dev.aifactory.ingestion.dataset.Datasets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading a dataset's classification and the steward's audited confirmations and overrides. */
@Service
public class ClassificationManagement {

  static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9:_.=/-]{0,99}");
  static final int MAX_TAGS = 50;
  static final int MAX_REASON = 2000;

  private final DatasetManagement datasets;
  private final Datasets repository;
  private final Classifications classifications;

  public ClassificationManagement(
      DatasetManagement datasets, Datasets repository, Classifications classifications) {
    this.datasets = datasets;
    this.repository = repository;
    this.classifications = classifications;
  }

  public DatasetClassification get(Caller caller, UUID datasetId) {
    DatasetVersion latest = latest(datasets.get(caller, datasetId));
    return new DatasetClassification(
        datasetId,
        latest.version(),
        DatasetClassification.states(
            classifications.find(datasetId, latest.version()),
            classifications.currentOverrides(datasetId)));
  }

  @Transactional
  public DatasetClassification.ColumnState override(
      Caller caller, UUID datasetId, String column, List<String> tags, String reason) {
    DatasetManagement.refuseService(caller, "override classification tags");
    if (caller.team() == null || !caller.hasRole(Caller.DATA_ENGINEER)) {
      throw ApiException.forbidden(
          "Confirming or overriding classification tags is a data steward's decision and needs"
              + " the role data-engineer or admin");
    }
    Dataset dataset = datasets.get(caller, datasetId);
    checkTags(tags);
    if (reason == null || reason.isBlank()) {
      throw ApiException.badRequest(
          "reason", "Say why the tags are right: the reason is kept in the audit history");
    }
    if (reason.length() > MAX_REASON) {
      throw ApiException.badRequest("reason", "must be at most " + MAX_REASON + " characters");
    }
    DatasetVersion latest = latest(dataset);
    if (latest.columns().stream().map(ColumnProfile::name).noneMatch(column::equals)) {
      throw ApiException.badRequest(
          "column",
          "The column '"
              + column
              + "' is not in version "
              + latest.version()
              + "; its columns are "
              + latest.columns().stream().map(ColumnProfile::name).toList());
    }
    TagOverride override =
        new TagOverride(
            datasetId,
            column,
            tags.stream().distinct().toList(),
            reason.strip(),
            caller.subject(),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    classifications.addOverride(override);
    ColumnClassification detected =
        classifications.find(datasetId, latest.version()).stream()
            .filter(c -> c.column().equals(column))
            .findFirst()
            .orElse(new ColumnClassification(column, List.of(), List.of()));
    return DatasetClassification.state(detected, override);
  }

  public List<TagOverride> history(Caller caller, UUID datasetId, String column) {
    Dataset dataset = datasets.get(caller, datasetId);
    return classifications.history(dataset.id(), column);
  }

  private DatasetVersion latest(Dataset dataset) {
    int last = repository.lastVersion(dataset.id());
    if (last == 0) {
      throw ApiException.notFound(
          "Classification of dataset (it has no version yet)", dataset.id().toString());
    }
    return repository.findVersion(dataset.id(), last).orElseThrow();
  }

  private static void checkTags(List<String> tags) {
    if (tags == null) {
      throw ApiException.badRequest(
          "tags", "Give the column's tags, e.g. [\"pii\", \"pii:email\", \"confidential\"], or []");
    }
    if (tags.size() > MAX_TAGS) {
      throw ApiException.badRequest("tags", "A column has at most " + MAX_TAGS + " tags");
    }
    List<ApiException.FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      if (tag == null || !TAG.matcher(tag).matches()) {
        problems.add(
            new ApiException.FieldProblem(
                "tags[" + i + "]",
                "must be 1-100 characters of a-z, 0-9, ':', '_', '.', '=', '/' or '-', starting"
                    + " with a letter or digit"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid("Some tags are not valid", problems);
    }
  }
}
