package dev.aifactory.training.registry;

import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.training.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The model registry: groups, versions, aliases. Every write to a group happens under the group's
 * row lock, so version numbers are dense and an alias moves atomically however many writers race.
 */
@Service
public class ModelRegistry {

  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
  private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final ModelGroups groups;
  private final ModelVersions versions;
  private final ModelArtifacts artifacts;
  private final Outbox outbox;
  private final List<ModelPackageMirror> mirrors;

  public ModelRegistry(
      ModelGroups groups,
      ModelVersions versions,
      ModelArtifacts artifacts,
      Outbox outbox,
      List<ModelPackageMirror> mirrors) {
    this.groups = groups;
    this.versions = versions;
    this.artifacts = artifacts;
    this.outbox = outbox;
    this.mirrors = List.copyOf(mirrors);
  }

  /** Outcome of a registration: the version, and whether this call created it. */
  public record Registration(ModelVersion version, boolean created) {}

  /**
   * Creates the group for {@code team} if the name is free.
   *
   * @return false if another team owns the name
   */
  @Transactional
  public boolean claimGroup(String team, String name) {
    // Returns instead of throwing: an exception here would doom the caller's transaction.
    return groups.claim(team, name).team().equals(team);
  }

  /**
   * Registers the model of a run as the group's next version and publishes {@code
   * model.version-registered}. Idempotent per run: a run registered before gets its version back.
   */
  @Transactional
  public Registration register(NewModelVersion n) {
    Optional<ModelVersion> existing = versions.findByRun(n.runId());
    if (existing.isPresent()) {
      return new Registration(existing.get(), false);
    }
    if (!claimGroup(n.team(), n.modelGroup())) {
      throw new GroupOwnedElsewhere(n.modelGroup());
    }
    groups.lock(n.modelGroup());
    existing = versions.findByRun(n.runId());
    if (existing.isPresent()) {
      return new Registration(existing.get(), false);
    }
    int number = versions.nextVersion(n.modelGroup());
    ModelArtifacts.Stored stored = artifacts.store(n.modelGroup(), number, n.model(), n.baseline());
    ModelVersion version =
        new ModelVersion(
            n.modelGroup(),
            number,
            n.team(),
            n.runId(),
            VersionStatus.PENDING_MANUAL_APPROVAL,
            n.objective(),
            n.target(),
            n.metrics(),
            n.params(),
            n.trigger(),
            n.datasetId(),
            n.datasetVersion(),
            n.tags(),
            n.featureSchema(),
            n.labelMapping(),
            stored.artifactUri(),
            stored.sha256(),
            stored.baselineUri(),
            null,
            null,
            null,
            n.requestedBy(),
            n.diagnostics() == null ? Diagnostics.NONE : n.diagnostics(),
            n.modelPackageArn(),
            null);
    versions.insert(version);
    outbox.publish(
        new ModelVersionRegistered(
            n.team(),
            n.modelGroup(),
            number,
            n.runId().toString(),
            n.datasetId(),
            n.datasetVersion(),
            n.objective(),
            n.target(),
            n.metrics(),
            stored.artifactUri(),
            stored.baselineUri(),
            n.tags(),
            n.featureSchema(),
            n.baseline(),
            n.trigger(),
            n.requestedBy()));
    return new Registration(version, true);
  }

  /**
   * Policy approved a version: mark it APPROVED and make it {@code champion} unless the champion is
   * already as new or newer.
   */
  @Transactional
  public void approved(String team, String modelGroup, int number, String decisionId) {
    decided(team, modelGroup, number, VersionStatus.APPROVED, decisionId)
        .ifPresent(v -> move(v, ModelAliasMoved.CHAMPION, true));
  }

  @Transactional
  public void rejected(String team, String modelGroup, int number, String decisionId) {
    decided(team, modelGroup, number, VersionStatus.REJECTED, decisionId);
  }

  private Optional<ModelVersion> decided(
      String team, String modelGroup, int number, VersionStatus status, String decisionId) {
    Optional<ModelGroup> group = groups.lock(modelGroup).filter(g -> g.team().equals(team));
    Optional<ModelVersion> version =
        group.flatMap(g -> versions.find(modelGroup, number)).filter(v -> v.team().equals(team));
    if (version.isEmpty()) {
      // Nothing to decide on here (another team's group or an unknown version): say so and move on.
      log.warn("Ignoring {} decision for unknown version {} v{}", status, modelGroup, number);
      return Optional.empty();
    }
    versions.decide(modelGroup, number, status, decisionId);
    String packageArn = version.get().modelPackageArn();
    if (packageArn != null && !mirrors.isEmpty()) {
      mirrorAfterCommit(packageArn, status == VersionStatus.APPROVED, decisionId);
    }
    return versions.find(modelGroup, number);
  }

  /** The mirror hears of a decision only once it is committed here; its failure changes nothing. */
  private void mirrorAfterCommit(String packageArn, boolean approved, String decisionId) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            for (ModelPackageMirror mirror : mirrors) {
              try {
                mirror.decided(packageArn, approved, "aifactory policy decision " + decisionId);
              } catch (RuntimeException e) {
                log.warn("Could not mirror the decision on {}: {}", packageArn, e.getMessage());
              }
            }
          }
        });
  }

  /** Points {@code alias} of the caller's group at an APPROVED version (a manual move). */
  @Transactional
  public ModelGroupDetails setAlias(String team, String modelGroup, String alias, int number) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw ApiException.badRequest(
          "alias", "alias must be lower-case letters, digits and '-', starting with a letter");
    }
    groups
        .lock(modelGroup)
        .filter(g -> g.team().equals(team))
        .orElseThrow(() -> ApiException.notFound("Model group", modelGroup));
    ModelVersion version =
        versions
            .find(modelGroup, number)
            .orElseThrow(() -> ApiException.notFound("Model version", modelGroup + "/" + number));
    if (version.status() != VersionStatus.APPROVED) {
      throw ApiException.conflict(
          "version "
              + number
              + " of '"
              + modelGroup
              + "' is "
              + version.status()
              + "; only APPROVED versions can carry an alias");
    }
    move(version, alias, false);
    return group(team, modelGroup);
  }

  /** Moves the alias (caller holds the group lock) and publishes {@code model.alias-moved}. */
  private void move(ModelVersion version, String alias, boolean onlyForward) {
    Optional<Integer> current = groups.alias(version.modelGroup(), alias);
    if (current.isPresent()
        && (current.get() == version.version()
            || (onlyForward && current.get() > version.version()))) {
      return;
    }
    groups.setAlias(version.modelGroup(), alias, version.version());
    outbox.publish(
        new ModelAliasMoved(
            version.team(),
            version.modelGroup(),
            alias,
            current.orElse(null),
            version.version(),
            version.artifactUri(),
            version.objective(),
            version.featureSchema(),
            version.metrics()));
  }

  @Transactional(readOnly = true)
  public Page<ModelGroup> groups(String team, int page, int size) {
    return groups.list(team, page, size);
  }

  @Transactional(readOnly = true)
  public ModelGroupDetails group(String team, String name) {
    ModelGroup group = owned(team, name);
    Page<ModelVersion> newest = versions.list(name, 0, 1);
    return new ModelGroupDetails(
        group.name(),
        group.team(),
        group.createdAt(),
        groups.aliases(name),
        newest.items().isEmpty() ? null : newest.items().get(0).version());
  }

  @Transactional(readOnly = true)
  public Page<ModelVersion> versions(String team, String name, int page, int size) {
    owned(team, name);
    return versions.list(name, page, size);
  }

  @Transactional(readOnly = true)
  public ModelVersion version(String team, String name, int number) {
    owned(team, name);
    return versions
        .find(name, number)
        .orElseThrow(() -> ApiException.notFound("Model version", name + "/" + number));
  }

  /** The version's model card: the generated draft with people's edits on top. */
  @Transactional(readOnly = true)
  public ModelCard card(String team, String name, int number) {
    return ModelCard.of(version(team, name, number));
  }

  /** A change to a card: text fields to replace (null: keep) and the approval flag (null: keep). */
  public record CardChange(String intendedUse, List<String> limitations, Boolean approved) {}

  static final int MAX_CARD_TEXT = 4000;

  /**
   * Edits the card's text and/or its approval. Changing the text withdraws an earlier approval (the
   * approved card is no longer what is shown) unless the same change approves it again.
   *
   * @param mayApprove whether the caller holds the approver role
   */
  @Transactional
  public ModelCard editCard(
      String team, String name, int number, CardChange change, String editor, boolean mayApprove) {
    List<ApiException.FieldProblem> problems = new ArrayList<>();
    if (change.intendedUse() != null
        && (change.intendedUse().isBlank() || change.intendedUse().length() > MAX_CARD_TEXT)) {
      problems.add(
          new ApiException.FieldProblem(
              "intendedUse", "must be 1 to " + MAX_CARD_TEXT + " characters"));
    }
    if (change.limitations() != null) {
      for (int i = 0; i < change.limitations().size(); i++) {
        String item = change.limitations().get(i);
        if (item == null || item.isBlank() || item.length() > MAX_CARD_TEXT) {
          problems.add(
              new ApiException.FieldProblem(
                  "limitations[" + i + "]", "must be 1 to " + MAX_CARD_TEXT + " characters"));
        }
      }
    }
    if (change.intendedUse() == null && change.limitations() == null && change.approved() == null) {
      problems.add(
          new ApiException.FieldProblem(
              "intendedUse", "give at least one of intendedUse, limitations, approved"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems.get(0).message(), problems);
    }
    if (change.approved() != null && !mayApprove) {
      throw ApiException.forbidden("approving a model card needs the approver or admin role");
    }
    groups
        .lock(name)
        .filter(g -> g.team().equals(team))
        .orElseThrow(() -> ApiException.notFound("Model group", name));
    ModelVersion version =
        versions
            .find(name, number)
            .orElseThrow(() -> ApiException.notFound("Model version", name + "/" + number));
    ModelCard current = ModelCard.of(version);
    ModelCard.Edits previous = version.cardEdits();
    boolean textChanged = change.intendedUse() != null || change.limitations() != null;
    java.time.Instant now = java.time.Instant.now();
    String approvedBy = previous == null ? null : previous.approvedBy();
    java.time.Instant approvedAt = previous == null ? null : previous.approvedAt();
    if (textChanged) {
      approvedBy = null;
      approvedAt = null;
    }
    if (Boolean.TRUE.equals(change.approved())) {
      approvedBy = editor;
      approvedAt = now;
    } else if (Boolean.FALSE.equals(change.approved())) {
      approvedBy = null;
      approvedAt = null;
    }
    ModelCard.Edits edits =
        new ModelCard.Edits(
            change.intendedUse() != null ? change.intendedUse().strip() : current.intendedUse(),
            change.limitations() != null
                ? change.limitations().stream().map(String::strip).toList()
                : current.limitations(),
            textChanged ? editor : previous == null ? null : previous.editedBy(),
            textChanged ? now : previous == null ? null : previous.editedAt(),
            approvedBy,
            approvedAt);
    versions.saveCard(name, number, edits);
    return ModelCard.of(versions.find(name, number).orElseThrow());
  }

  private ModelGroup owned(String team, String name) {
    return groups
        .find(name)
        .filter(g -> g.team().equals(team))
        .orElseThrow(() -> ApiException.notFound("Model group", name));
  }
}
