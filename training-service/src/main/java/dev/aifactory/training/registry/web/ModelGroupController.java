package dev.aifactory.training.registry.web;

import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.training.Page;
import dev.aifactory.training.registry.Diagnostics;
import dev.aifactory.training.registry.ModelCard;
import dev.aifactory.training.registry.ModelGroup;
import dev.aifactory.training.registry.ModelGroupDetails;
import dev.aifactory.training.registry.ModelRegistry;
import dev.aifactory.training.registry.ModelVersion;
import dev.aifactory.training.registry.VersionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/model-groups")
class ModelGroupController {

  private final ModelRegistry registry;

  ModelGroupController(ModelRegistry registry) {
    this.registry = registry;
  }

  record Lineage(
      String datasetId,
      int datasetVersion,
      UUID runId,
      Map<String, String> params,
      String trigger) {}

  record VersionSummary(
      String modelGroup,
      int version,
      VersionStatus status,
      Map<String, Double> metrics,
      String trigger,
      Instant createdAt) {}

  record VersionResource(
      String modelGroup,
      int version,
      String team,
      VersionStatus status,
      String objective,
      String target,
      Map<String, Double> metrics,
      String artifactUri,
      String artifactSha256,
      String baselineUri,
      List<String> tags,
      List<FeatureSpec> featureSchema,
      Map<String, Integer> labelMapping,
      Lineage lineage,
      String decisionId,
      Instant createdAt,
      Instant decidedAt,
      String requestedBy,
      String modelPackageArn,
      List<Diagnostics.FeatureImportance> featureImportance,
      Diagnostics.ConfusionMatrix confusionMatrix,
      Diagnostics.ResidualSummary residuals) {

    static VersionResource of(ModelVersion v) {
      return new VersionResource(
          v.modelGroup(),
          v.version(),
          v.team(),
          v.status(),
          v.objective(),
          v.target(),
          v.metrics(),
          v.artifactUri(),
          v.artifactSha256(),
          v.baselineUri(),
          v.tags(),
          v.featureSchema(),
          v.labelMapping(),
          new Lineage(v.datasetId(), v.datasetVersion(), v.runId(), v.params(), v.trigger()),
          v.decisionId(),
          v.createdAt(),
          v.decidedAt(),
          v.requestedBy(),
          v.modelPackageArn(),
          v.diagnostics().featureImportance(),
          v.diagnostics().confusionMatrix(),
          v.diagnostics().residuals());
    }
  }

  record AliasBody(Integer version) {}

  @GetMapping
  Page<ModelGroup> list(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size,
      Caller caller) {
    PageRequest request = new PageRequest(page, size);
    return registry.groups(caller.team(), request.page(), request.size());
  }

  @GetMapping("/{name}")
  ModelGroupDetails get(@PathVariable String name, Caller caller) {
    return registry.group(caller.team(), name);
  }

  @GetMapping("/{name}/versions")
  Page<VersionSummary> versions(
      @PathVariable String name,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size,
      Caller caller) {
    PageRequest request = new PageRequest(page, size);
    return registry
        .versions(caller.team(), name, request.page(), request.size())
        .map(
            v ->
                new VersionSummary(
                    v.modelGroup(),
                    v.version(),
                    v.status(),
                    v.metrics(),
                    v.trigger(),
                    v.createdAt()));
  }

  @GetMapping("/{name}/versions/{version}")
  VersionResource version(@PathVariable String name, @PathVariable int version, Caller caller) {
    return VersionResource.of(registry.version(caller.team(), name, version));
  }

  /** The version's model card (a generated draft until people edit and approve it). */
  @GetMapping("/{name}/versions/{version}/card")
  ModelCard card(@PathVariable String name, @PathVariable int version, Caller caller) {
    return registry.card(caller.team(), name, version);
  }

  record CardBody(String intendedUse, List<String> limitations, Boolean approved) {}

  /**
   * Edits the card's intended use and limitations (ml-engineer) and/or approves it (approver);
   * editing the text withdraws an earlier approval.
   */
  @PutMapping("/{name}/versions/{version}/card")
  ModelCard editCard(
      @PathVariable String name,
      @PathVariable int version,
      @RequestBody CardBody body,
      Caller caller) {
    boolean editsText = body.intendedUse() != null || body.limitations() != null;
    if (editsText && !caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden("editing a model card needs the ml-engineer or admin role");
    }
    if (!editsText && !caller.hasRole(Caller.APPROVER) && !caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden("changing a model card needs the ml-engineer or approver role");
    }
    return registry.editCard(
        caller.team(),
        name,
        version,
        new ModelRegistry.CardChange(body.intendedUse(), body.limitations(), body.approved()),
        caller.subject(),
        caller.hasRole(Caller.APPROVER));
  }

  /** Points an alias at an APPROVED version; moving {@code champion} back is a rollback. */
  @PutMapping("/{name}/aliases/{alias}")
  ModelGroupDetails setAlias(
      @PathVariable String name,
      @PathVariable String alias,
      @RequestBody AliasBody body,
      Caller caller) {
    if (!caller.hasRole(Caller.ML_ENGINEER)) {
      throw ApiException.forbidden("moving an alias needs the ml-engineer or admin role");
    }
    if (body.version() == null || body.version() < 1) {
      throw ApiException.badRequest("version", "is required and must be 1 or more");
    }
    return registry.setAlias(caller.team(), name, alias, body.version());
  }
}
