package dev.aifactory.training.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The model card of a version: a draft derived from what the registry knows (the data, metrics,
 * most important features, generated limitations) with the fields people edit ({@code intendedUse},
 * {@code limitations}) and an approval flag on top. {@code status} is {@code DRAFT} until an
 * approver approves the card, and goes back to {@code DRAFT} when it is edited again.
 */
public record ModelCard(
    String modelGroup,
    int version,
    String status,
    String intendedUse,
    List<String> limitations,
    Data data,
    String objective,
    String target,
    Map<String, Double> metrics,
    List<Diagnostics.FeatureImportance> topFeatures,
    Diagnostics.ConfusionMatrix confusionMatrix,
    Diagnostics.ResidualSummary residuals,
    Lineage lineage,
    String editedBy,
    Instant editedAt,
    String approvedBy,
    Instant approvedAt) {

  public static final int TOP_FEATURES = 5;
  public static final String DRAFT = "DRAFT";
  public static final String APPROVED = "APPROVED";

  /** The data the version was trained on; {@code tags} are inherited from the dataset. */
  public record Data(
      String datasetId,
      int datasetVersion,
      List<String> tags,
      Long rowsTrain,
      Long rowsValidation) {}

  /** Where the version came from. */
  public record Lineage(
      UUID runId,
      String trigger,
      String requestedBy,
      Map<String, String> params,
      String artifactUri,
      String modelPackageArn) {}

  /** The human-edited part of a card, stored with the version. */
  public record Edits(
      String intendedUse,
      List<String> limitations,
      String editedBy,
      Instant editedAt,
      String approvedBy,
      Instant approvedAt) {}

  /** The card of {@code v}: the draft, with whatever people edited or approved on top. */
  public static ModelCard of(ModelVersion v) {
    Edits edits = v.cardEdits();
    Diagnostics d = v.diagnostics() == null ? Diagnostics.NONE : v.diagnostics();
    Double rowsTrain = v.metrics().get("rows_train");
    Double rowsValidation = v.metrics().get("rows_validation");
    return new ModelCard(
        v.modelGroup(),
        v.version(),
        edits != null && edits.approvedBy() != null ? APPROVED : DRAFT,
        edits != null && edits.intendedUse() != null ? edits.intendedUse() : intendedUse(v),
        edits != null && edits.limitations() != null ? edits.limitations() : limitations(v, d),
        new Data(
            v.datasetId(),
            v.datasetVersion(),
            v.tags(),
            rowsTrain == null ? null : rowsTrain.longValue(),
            rowsValidation == null ? null : rowsValidation.longValue()),
        v.objective(),
        v.target(),
        v.metrics(),
        d.top(TOP_FEATURES),
        d.confusionMatrix(),
        d.residuals(),
        new Lineage(
            v.runId(),
            v.trigger(),
            v.requestedBy(),
            v.params(),
            v.artifactUri(),
            v.modelPackageArn()),
        edits == null ? null : edits.editedBy(),
        edits == null ? null : edits.editedAt(),
        edits == null ? null : edits.approvedBy(),
        edits == null ? null : edits.approvedAt());
  }

  private static String intendedUse(ModelVersion v) {
    String what =
        switch (v.objective()) {
          case "binary" -> "the probability that '" + v.target() + "' is the positive class";
          case "multiclass" -> "the class of '" + v.target() + "' (a probability per class)";
          default -> "the value of '" + v.target() + "'";
        };
    return "Predicts "
        + what
        + " for model group '"
        + v.modelGroup()
        + "', from data like dataset "
        + v.datasetId()
        + " v"
        + v.datasetVersion()
        + ". Draft generated at registration: state the decisions it may inform and who uses it.";
  }

  /** What the registry can tell about the version's limits without a human. */
  private static List<String> limitations(ModelVersion v, Diagnostics d) {
    List<String> out = new ArrayList<>();
    Double rowsValidation = v.metrics().get("rows_validation");
    out.add(
        "Metrics come from a seeded validation split of the training dataset"
            + (rowsValidation == null ? "" : " (" + rowsValidation.longValue() + " rows)")
            + ", not from an independent test set or live traffic.");
    out.add(
        "Valid only for inputs shaped like the training data: "
            + v.featureSchema().size()
            + " features; the drift baseline stored with the version tells when inputs move away.");
    for (String tag : v.tags() == null ? List.<String>of() : v.tags()) {
      if (tag.toLowerCase(Locale.ROOT).startsWith("pii:") && !tag.equalsIgnoreCase("pii:none")) {
        out.add("The training data is tagged '" + tag + "': check the use against its terms.");
      }
    }
    if (d.confusionMatrix() != null) {
      List<List<Long>> counts = d.confusionMatrix().counts();
      for (int c = 0; c < counts.size(); c++) {
        long actual = counts.get(c).stream().mapToLong(Long::longValue).sum();
        if (actual > 0 && counts.get(c).get(c) * 2 < actual) {
          out.add(
              "Class '"
                  + d.confusionMatrix().labels().get(c)
                  + "' is recognised in fewer than half of its validation rows.");
        }
      }
    }
    if (!d.top(1).isEmpty() && d.top(1).get(0).share() > 0.8) {
      out.add(
          "Relies mostly on feature '"
              + d.top(1).get(0).feature()
              + "' ("
              + Math.round(d.top(1).get(0).share() * 100)
              + "% of the gain).");
    }
    return List.copyOf(out);
  }
}
