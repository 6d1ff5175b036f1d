package dev.aifactory.ingestion.grants.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.grants.Grant;
import dev.aifactory.ingestion.grants.Permission;
import dev.aifactory.ingestion.grants.TagExpression;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.LFTagPair;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;

/** The Lake Formation adapter against the local AWS emulator, read back through the same client. */
class LakeFormationDataAccessGrantsIT {

  static final String ROLE = "arn:aws:iam::123456789012:role/aifactory-training";

  static MotoServer moto;
  static LakeFormationClient lf;
  static LakeFormationDataAccessGrants grants;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    lf = LakeFormationDataAccessGrants.client(moto.configure(LakeFormationClient.builder()));
    grants = new LakeFormationDataAccessGrants(lf, "aifactory_");
  }

  @AfterAll
  static void stop() {
    if (lf != null) {
      lf.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  static CatalogEntry entry(String name, List<String> tags) {
    return entry(name, 1, tags);
  }

  static CatalogEntry entry(String name, int version, List<String> tags) {
    return new CatalogEntry(
        "growth",
        UUID.randomUUID(),
        name,
        version,
        "s3://b/datasets/x/abc/data.csv",
        "csv",
        "abc",
        List.of(new CatalogEntry.Column("age", "numeric")),
        3,
        "PASSED",
        tags);
  }

  static Map<String, List<String>> tableTags(String table) {
    return lf
        .getResourceLFTags(
            b -> b.resource(r -> r.table(t -> t.databaseName("aifactory_growth").name(table))))
        .lfTagsOnTable()
        .stream()
        .collect(Collectors.toMap(LFTagPair::tagKey, LFTagPair::tagValues));
  }

  @Test
  void labelsEachTableWithItsTagsAndTheGovernedFlags() {
    grants.label(entry("customers", List.of("domain:growth", "pii", "pii:email", "confidential")));
    grants.label(entry("events", List.of("domain:growth")));

    assertThat(tableTags("customers"))
        .containsEntry("domain:growth", List.of("true"))
        .containsEntry("pii", List.of("true"))
        .containsEntry("pii:email", List.of("true"))
        .containsEntry("confidential", List.of("true"));
    assertThat(tableTags("events"))
        .containsEntry("domain:growth", List.of("true"))
        .containsEntry("pii", List.of("false"))
        .containsEntry("confidential", List.of("false"));
    assertThat(lf.getLFTag(b -> b.tagKey("pii")).tagValues()).contains("true", "false");
  }

  @Test
  void aNewVersionWithoutATagTakesThatLfTagOffTheTable() {
    grants.label(entry("contacts", List.of("domain:growth", "pii", "pii:email", "team:crm")));
    assertThat(tableTags("contacts")).containsKeys("pii:email", "team:crm");

    // A steward's override removed the email tag: the next version carries no pii tags.
    grants.label(entry("contacts", 2, List.of("domain:growth")));

    assertThat(tableTags("contacts"))
        .containsOnly(
            Map.entry("domain:growth", List.of("true")),
            Map.entry("pii", List.of("false")),
            Map.entry("confidential", List.of("false")));
    // The tag itself stays defined for other tables and grants.
    assertThat(lf.getLFTag(b -> b.tagKey("pii:email")).tagValues()).contains("true");
  }

  @Test
  void grantsReadOnATagExpressionAndOnOneDataset() {
    grants.grant(
        new Grant(
            UUID.randomUUID(),
            "growth",
            ROLE,
            Set.of(Permission.READ, Permission.DESCRIBE),
            null,
            TagExpression.parse("domain=growth AND NOT pii"),
            "alice",
            Instant.now()));
    grants.grant(
        new Grant(
            UUID.randomUUID(),
            "growth",
            ROLE,
            Set.of(Permission.DESCRIBE),
            "churn-events",
            null,
            "alice",
            Instant.now()));

    List<PrincipalResourcePermissions> granted =
        lf.listPermissions(b -> {}).principalResourcePermissions().stream()
            .filter(p -> p.principal().dataLakePrincipalIdentifier().equals(ROLE))
            .toList();
    assertThat(granted.stream().filter(p -> p.resource().lfTagPolicy() != null))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.resource().lfTagPolicy().expression())
                  .extracting(t -> t.tagKey() + "=" + t.tagValues())
                  .containsExactly("domain:growth=[true]", "pii=[false]");
              assertThat(p.permissionsAsStrings()).containsExactlyInAnyOrder("SELECT", "DESCRIBE");
            });
    assertThat(granted.stream().filter(p -> p.resource().table() != null))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.resource().table().databaseName()).isEqualTo("aifactory_growth");
              assertThat(p.resource().table().name()).isEqualTo("churn_events");
              assertThat(p.permissionsAsStrings()).containsExactly("DESCRIBE");
            });
  }

  @Test
  void revokesWhatAGrantGaveWhenTheGrantIsDeleted() {
    String role = "arn:aws:iam::123456789012:role/aifactory-revoked";
    Grant onTags =
        new Grant(
            UUID.randomUUID(),
            "growth",
            role,
            Set.of(Permission.READ),
            null,
            TagExpression.parse("domain=growth"),
            "alice",
            Instant.now());
    Grant onTable =
        new Grant(
            UUID.randomUUID(),
            "growth",
            role,
            Set.of(Permission.DESCRIBE),
            "orders",
            null,
            "alice",
            Instant.now());
    grants.grant(onTags);
    grants.grant(onTable);
    assertThat(permissionsOf(role)).hasSize(2);

    grants.revoke(onTags);

    assertThat(permissionsOf(role))
        .singleElement()
        .satisfies(p -> assertThat(p.resource().table().name()).isEqualTo("orders"));
    grants.revoke(onTable);
    assertThat(permissionsOf(role)).isEmpty();
  }

  @Test
  void registersEachDatasetsS3FolderAsADataLocationOnce() {
    UUID id = UUID.randomUUID();
    CatalogEntry v1 =
        new CatalogEntry(
            "growth",
            id,
            "located",
            1,
            "s3://lake/data/datasets/" + id + "/aaa/data.csv",
            "csv",
            "aaa",
            List.of(new CatalogEntry.Column("age", "numeric")),
            3,
            "PASSED",
            List.of());
    CatalogEntry v2 =
        new CatalogEntry(
            "growth",
            id,
            "located",
            2,
            "s3://lake/data/datasets/" + id + "/bbb/data.csv",
            "csv",
            "bbb",
            List.of(new CatalogEntry.Column("age", "numeric")),
            3,
            "PASSED",
            List.of());

    grants.label(v1);
    grants.label(v2);

    String arn = "arn:aws:s3:::lake/data/datasets/" + id;
    assertThat(lf.listResources(b -> {}).resourceInfoList())
        .filteredOn(r -> r.resourceArn().equals(arn))
        .hasSize(1);
    assertThat(lf.describeResource(b -> b.resourceArn(arn)).resourceInfo().resourceArn())
        .isEqualTo(arn);
  }

  @Test
  void aLocalLocationIsNotRegistered() {
    assertThat(LakeFormationDataAccessGrants.datasetFolderArn("file:///data/datasets/x/a.csv"))
        .isNull();
    assertThat(LakeFormationDataAccessGrants.datasetFolderArn("s3://b/datasets/x/abc/data.csv"))
        .isEqualTo("arn:aws:s3:::b/datasets/x");
  }

  private static List<PrincipalResourcePermissions> permissionsOf(String role) {
    return lf.listPermissions(b -> {}).principalResourcePermissions().stream()
        .filter(p -> p.principal().dataLakePrincipalIdentifier().equals(role))
        .toList();
  }
}
