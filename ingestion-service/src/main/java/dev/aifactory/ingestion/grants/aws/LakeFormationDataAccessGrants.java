package dev.aifactory.ingestion.grants.aws;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.catalog.TableName;
import dev.aifactory.ingestion.grants.DataAccessGrants;
import dev.aifactory.ingestion.grants.Grant;
import dev.aifactory.ingestion.grants.Permission;
import dev.aifactory.ingestion.grants.TagExpression;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.LakeFormationClientBuilder;
import software.amazon.awssdk.services.lakeformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.model.LFTag;
import software.amazon.awssdk.services.lakeformation.model.LFTagPair;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.ResourceType;

/**
 * AWS Lake Formation: every dataset tag becomes an LF-tag with the values {@code true}/{@code
 * false}, each catalogued table is labelled with its latest version's tags (and {@code false} for
 * the governed flags it lacks; tags an earlier version had and this one lacks are removed), and
 * grants are GrantPermissions on the table or on an LF-tag expression, so a grant on {@code
 * domain=growth AND NOT pii} covers every present and future table with those labels.
 */
@Component
@ConditionalOnProperty(name = "aifactory.ingestion.grants", havingValue = "aws")
class LakeFormationDataAccessGrants implements DataAccessGrants, AutoCloseable {

  static final List<String> VALUES = List.of("true", "false");

  private final LakeFormationClient lf;
  private final String databasePrefix;

  @Autowired
  LakeFormationDataAccessGrants(AwsClientConfigurer aws, IngestionProperties properties) {
    this(client(aws.configure(LakeFormationClient.builder())), properties.glueDatabasePrefix());
  }

  LakeFormationDataAccessGrants(LakeFormationClient lf, String databasePrefix) {
    this.lf = lf;
    this.databasePrefix = databasePrefix;
  }

  static LakeFormationClient client(LakeFormationClientBuilder builder) {
    return builder.overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)).build();
  }

  @Override
  public void label(CatalogEntry entry) {
    register(entry);
    TableName table = TableName.of(databasePrefix, entry.team(), entry.name());
    Map<String, String> labels = TagExpression.labels(entry.tags());
    call(
        "label the table of dataset '" + entry.name() + "'",
        () -> {
          labels.keySet().forEach(this::ensureTag);
          if (entry.version() > 1) {
            // A first version's table has no LF-tags yet (and moto fails to read them).
            removeStaleTags(table, labels);
          }
          lf.addLFTagsToResource(
              b ->
                  b.resource(table(table))
                      .lfTags(
                          labels.entrySet().stream()
                              .map(
                                  l ->
                                      LFTagPair.builder()
                                          .tagKey(l.getKey())
                                          .tagValues(l.getValue())
                                          .build())
                              .toList()));
        });
  }

  /**
   * Takes off the table the LF-tags its new version no longer carries (e.g. {@code pii:email} after
   * a steward's override removed it): AddLFTagsToResource only adds or replaces values per key, so
   * without this a tag-expression grant would keep matching (or keep failing to match) on the old
   * tags. Runs before the add, so that the emulator (whose add replaces the whole set) exercises
   * it.
   */
  private void removeStaleTags(TableName table, Map<String, String> labels) {
    List<LFTagPair> stale =
        lf.getResourceLFTags(b -> b.resource(table(table))).lfTagsOnTable().stream()
            .filter(t -> !labels.containsKey(t.tagKey()))
            .toList();
    if (!stale.isEmpty()) {
      lf.removeLFTagsFromResource(b -> b.resource(table(table)).lfTags(stale));
    }
  }

  @Override
  public void grant(Grant grant) {
    Resource resource = resource(grant);
    call(
        "grant " + grant.permissions() + " to " + grant.principal(),
        () ->
            lf.grantPermissions(
                b ->
                    b.principal(p -> p.dataLakePrincipalIdentifier(grant.principal()))
                        .resource(resource)
                        .permissionsWithStrings(permissions(grant))));
  }

  @Override
  public void revoke(Grant grant) {
    Resource resource = resource(grant);
    call(
        "revoke " + grant.permissions() + " from " + grant.principal(),
        () ->
            lf.revokePermissions(
                b ->
                    b.principal(p -> p.dataLakePrincipalIdentifier(grant.principal()))
                        .resource(resource)
                        .permissionsWithStrings(permissions(grant))));
  }

  private static List<String> permissions(Grant grant) {
    return grant.permissions().stream().map(Permission::lakeFormation).sorted().toList();
  }

  /**
   * Registers the dataset's S3 folder ({@code s3://bucket/<prefix>datasets/<id>/}) with Lake
   * Formation, so that Lake Formation, not bucket policies, governs reads of every version stored
   * under it; uses the service-linked role. Already registered (every version after the first) is
   * fine.
   */
  void register(CatalogEntry entry) {
    String arn = datasetFolderArn(entry.location());
    if (arn == null) {
      return;
    }
    call(
        "register the data location " + arn,
        () -> {
          try {
            lf.registerResource(b -> b.resourceArn(arn).useServiceLinkedRole(true));
          } catch (AlreadyExistsException registered) {
            // Registered with an earlier version of the dataset.
          }
        });
  }

  /**
   * {@code s3://bucket/p/datasets/<id>/<sha>/data.csv} → {@code
   * arn:aws:s3:::bucket/p/datasets/<id>}.
   */
  static String datasetFolderArn(String location) {
    if (location == null || !location.startsWith("s3://")) {
      return null;
    }
    String path = location.substring("s3://".length());
    int versionFolder = path.lastIndexOf('/', path.lastIndexOf('/') - 1);
    if (versionFolder <= 0) {
      return null;
    }
    return "arn:aws:s3:::" + path.substring(0, versionFolder);
  }

  private Resource resource(Grant grant) {
    Resource resource;
    if (grant.expression() != null) {
      grant
          .expression()
          .terms()
          .forEach(t -> call("create LF-tag " + t.tag(), () -> ensureTag(t.tag())));
      resource =
          Resource.builder()
              .lfTagPolicy(
                  p ->
                      p.resourceType(ResourceType.TABLE)
                          .expression(
                              grant.expression().terms().stream()
                                  .map(
                                      t ->
                                          LFTag.builder()
                                              .tagKey(t.tag())
                                              .tagValues(t.value())
                                              .build())
                                  .toList()))
              .build();
    } else {
      resource = table(TableName.of(databasePrefix, grant.team(), grant.datasetName()));
    }
    return resource;
  }

  @Override
  public void close() {
    lf.close();
  }

  /** Creates the LF-tag with both values if it does not exist yet. */
  private void ensureTag(String key) {
    List<String> values = existingValues(key);
    if (values.containsAll(VALUES)) {
      return;
    }
    if (values.isEmpty()) {
      try {
        lf.createLFTag(b -> b.tagKey(key).tagValues(VALUES));
        return;
      } catch (AlreadyExistsException raced) {
        // Created concurrently; add the values below if they are missing.
      }
    }
    List<String> missing = VALUES.stream().filter(v -> !values.contains(v)).toList();
    lf.updateLFTag(b -> b.tagKey(key).tagValuesToAdd(missing));
  }

  private List<String> existingValues(String key) {
    try {
      return lf.getLFTag(b -> b.tagKey(key)).tagValues();
    } catch (EntityNotFoundException missing) {
      return List.of();
    }
  }

  private static Resource table(TableName table) {
    return Resource.builder()
        .table(t -> t.databaseName(table.database()).name(table.table()))
        .build();
  }

  private static void call(String what, Runnable action) {
    try {
      action.run();
    } catch (SdkException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "grants-unavailable",
          "AWS Lake Formation could not " + what + " (" + e.getMessage() + "); try again later",
          List.of());
    }
  }
}
