package dev.aifactory.training.registry;

import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.events.ModelVersionRegistered;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.training.Page;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

  public ModelRegistry(
      ModelGroups groups, ModelVersions versions, ModelArtifacts artifacts, Outbox outbox) {
    this.groups = groups;
    this.versions = versions;
    this.artifacts = artifacts;
    this.outbox = outbox;
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
            n.trigger()));
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
    return versions.find(modelGroup, number);
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

  private ModelGroup owned(String team, String name) {
    return groups
        .find(name)
        .filter(g -> g.team().equals(team))
        .orElseThrow(() -> ApiException.notFound("Model group", name));
  }
}
