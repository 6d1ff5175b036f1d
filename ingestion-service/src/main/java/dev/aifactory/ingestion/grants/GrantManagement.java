package dev.aifactory.ingestion.grants;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.dataset.Dataset;
import dev.aifactory.ingestion.dataset.DatasetManagement;
import dev.aifactory.ingestion.dataset.DatasetVersion;
import dev.aifactory.ingestion.dataset.Page;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access grants on datasets and tag expressions, and the check every data read goes through: a read
 * without a matching grant is refused with a 403 that names the grant that is missing.
 */
@Service
public class GrantManagement {

  private final DatasetManagement datasets;
  private final Grants grants;
  private final DataAccessGrants enforcement;

  public GrantManagement(DatasetManagement datasets, Grants grants, DataAccessGrants enforcement) {
    this.datasets = datasets;
    this.grants = grants;
    this.enforcement = enforcement;
  }

  /** What a caller asks to grant; exactly one of {@code datasetId} and {@code tagExpression}. */
  /** Principal naming a whole team, e.g. {@code team:growth}. */
  static final String TEAM_PRINCIPAL_PREFIX = "team:";

  public record NewGrant(
      String principal, Set<Permission> permissions, UUID datasetId, String tagExpression) {}

  @Transactional
  public Grant create(Caller caller, NewGrant request) {
    DatasetManagement.refuseService(caller, "grant data access");
    if (caller.team() == null || !caller.hasRole(Caller.DATA_ENGINEER)) {
      throw ApiException.forbidden("Granting data access needs the role data-engineer or admin");
    }
    if (request.principal() == null || request.principal().isBlank()) {
      throw ApiException.badRequest(
          "principal",
          "Name who gets access: an IAM role ARN in AWS mode, a team or subject locally");
    }
    if (request.permissions() == null || request.permissions().isEmpty()) {
      throw ApiException.badRequest("permissions", "Give at least one of READ, DESCRIBE");
    }
    if ((request.datasetId() == null) == (request.tagExpression() == null)) {
      throw ApiException.badRequest(
          "datasetId", "Grant on exactly one of a dataset (datasetId) or a tag expression");
    }
    String datasetName = null;
    TagExpression expression = null;
    if (request.datasetId() != null) {
      datasetName = datasets.get(caller, request.datasetId()).name();
    } else {
      try {
        expression = TagExpression.parse(request.tagExpression());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("tagExpression", e.getMessage());
      }
    }
    Grant grant =
        new Grant(
            UUID.randomUUID(),
            caller.team(),
            request.principal().strip(),
            request.permissions(),
            datasetName,
            expression,
            caller.subject(),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    grants.add(grant);
    enforcement.grant(grant);
    return grant;
  }

  /**
   * Deletes a grant of the caller's team and revokes it where it is enforced (Lake Formation in AWS
   * mode) in the same transaction: if the revocation fails, the grant stays recorded.
   */
  @Transactional
  public void delete(Caller caller, UUID id) {
    DatasetManagement.refuseService(caller, "revoke data access");
    if (caller.team() == null || !caller.hasRole(Caller.DATA_ENGINEER)) {
      throw ApiException.forbidden("Revoking data access needs the role data-engineer or admin");
    }
    Grant grant =
        grants
            .find(caller.team(), id)
            .orElseThrow(() -> ApiException.notFound("Grant", id.toString()));
    grants.delete(caller.team(), id);
    enforcement.revoke(grant);
  }

  public Page<Grant> list(Caller caller, int page, int size) {
    if (caller.team() == null) {
      throw ApiException.forbidden("Your token carries no team; grants always belong to one");
    }
    return grants.list(caller.team(), page, size);
  }

  /**
   * Checks that {@code principal} may {@code permission} the version; READ includes DESCRIBE.
   *
   * @throws ApiException 403 naming the missing grant
   */
  public AccessDecision check(
      Caller caller, UUID datasetId, int version, String principal, Permission permission) {
    if (principal == null || principal.isBlank()) {
      throw ApiException.badRequest("principal", "Name the principal whose access to check");
    }
    if (permission == null) {
      throw ApiException.badRequest("permission", "Give READ or DESCRIBE");
    }
    Dataset dataset = datasets.get(caller, datasetId);
    DatasetVersion v = datasets.getVersion(caller, datasetId, version);
    List<Grant> candidates =
        new java.util.ArrayList<>(grants.forPrincipal(dataset.team(), principal));
    // A grant to a team covers its members: the principals a caller names act within the
    // caller's team (a service acting for a team, or one of the team's users and clients).
    String teamPrincipal = TEAM_PRINCIPAL_PREFIX + caller.team();
    if (!principal.startsWith(TEAM_PRINCIPAL_PREFIX)) {
      candidates.addAll(grants.forPrincipal(dataset.team(), teamPrincipal));
    }
    return candidates.stream()
        .filter(
            g ->
                g.permissions().contains(permission)
                    || (permission == Permission.DESCRIBE
                        && g.permissions().contains(Permission.READ)))
        .filter(
            g ->
                dataset.name().equals(g.datasetName())
                    || (g.expression() != null && g.expression().matches(v.tags())))
        .findFirst()
        .map(g -> new AccessDecision(principal, permission, dataset.name(), version, g))
        .orElseThrow(
            () ->
                ApiException.forbidden(
                    "'"
                        + principal
                        + "' has no "
                        + permission
                        + " grant on dataset '"
                        + dataset.name()
                        + "' version "
                        + version
                        + " (tags "
                        + v.tags()
                        + "): missing grant "
                        + permission
                        + " on dataset '"
                        + dataset.name()
                        + "' or on a tag expression its tags satisfy"));
  }
}
