package dev.aifactory.ingestion.quality;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.Dataset;
import dev.aifactory.ingestion.dataset.DatasetManagement;
import dev.aifactory.ingestion.dataset.DatasetVersion;
import dev.aifactory.ingestion.dataset.Datasets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores rulesets after checking their syntax and their columns; hands them to registration. */
@Service
public class QualityRuleManagement {

  /** Rulesets are short programs; a larger body is a mistake, not a ruleset. */
  public static final int MAX_LENGTH = 64 * 1024;

  public static final int MAX_RULES = 500;

  private final DatasetManagement datasets;
  private final Datasets repository;
  private final QualityRules rules;
  private final IngestionProperties properties;

  public QualityRuleManagement(
      DatasetManagement datasets,
      Datasets repository,
      QualityRules rules,
      IngestionProperties properties) {
    this.datasets = datasets;
    this.repository = repository;
    this.rules = rules;
    this.properties = properties;
  }

  @Transactional
  public Ruleset put(Caller caller, UUID datasetId, String text) {
    datasets.requireWriter(caller);
    Dataset dataset = datasets.get(caller, datasetId);
    if (text == null) {
      throw ApiException.badRequest(
          "rules", "Send the rules as text/plain or as {\"rules\": \"...\"}");
    }
    if (text.length() > MAX_LENGTH) {
      throw ApiException.badRequest(
          "rules", "The rules are longer than the maximum of " + MAX_LENGTH + " characters");
    }
    Map<Integer, Rule> parsed;
    try {
      parsed = RuleParser.parseLines(text);
    } catch (RuleParser.InvalidRules e) {
      throw ApiException.invalid(
          "The quality rules have " + e.errors().size() + " syntax error(s)",
          e.errors().stream()
              .map(
                  err -> new ApiException.FieldProblem("rules[" + err.line() + "]", err.describe()))
              .toList());
    }
    if (parsed.size() > MAX_RULES) {
      throw ApiException.badRequest(
          "rules", "A ruleset holds at most " + MAX_RULES + " rules, not " + parsed.size());
    }
    checkColumns(dataset, parsed);
    repository.lock(dataset.id());
    Ruleset ruleset =
        new Ruleset(
            dataset.id(),
            rules.lastVersion(dataset.id()) + 1,
            text,
            parsed.size(),
            caller.subject(),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    rules.add(ruleset);
    return ruleset;
  }

  public Ruleset get(Caller caller, UUID datasetId) {
    Dataset dataset = datasets.get(caller, datasetId);
    return rules
        .latest(dataset.id())
        .orElseThrow(() -> ApiException.notFound("Quality rules of dataset", datasetId.toString()));
  }

  /** Columns are checked against the latest version; before the first version any name goes. */
  private void checkColumns(Dataset dataset, Map<Integer, Rule> parsed) {
    int last = repository.lastVersion(dataset.id());
    if (last == 0) {
      return;
    }
    DatasetVersion latest = repository.findVersion(dataset.id(), last).orElseThrow();
    Set<String> columns =
        latest.columns().stream().map(ColumnProfile::name).collect(Collectors.toSet());
    List<ApiException.FieldProblem> problems = new ArrayList<>();
    parsed.forEach(
        (line, rule) ->
            rule.column()
                .filter(c -> !columns.contains(c))
                .ifPresent(
                    c ->
                        problems.add(
                            new ApiException.FieldProblem(
                                "rules[" + line + "]",
                                "Line "
                                    + line
                                    + ": the column '"
                                    + c
                                    + "' is not in version "
                                    + last
                                    + "; its columns are "
                                    + latest.columns().stream()
                                        .map(ColumnProfile::name)
                                        .toList()))));
    if (!problems.isEmpty()) {
      throw ApiException.invalid(
          problems.size() + " rule(s) name columns the dataset does not have", problems);
    }
  }
}
