package dev.aifactory.ingestion.grants;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Access for a principal (an IAM role ARN in AWS mode, a team or subject locally) to one dataset
 * ({@code datasetName} set) or to every dataset matching a tag expression ({@code expression} set).
 */
public record Grant(
    UUID id,
    String team,
    String principal,
    Set<Permission> permissions,
    String datasetName,
    TagExpression expression,
    String createdBy,
    Instant createdAt) {

  public Grant {
    permissions = Set.copyOf(permissions);
    if ((datasetName == null) == (expression == null)) {
      throw new IllegalArgumentException("A grant is on a dataset or on a tag expression");
    }
  }
}
