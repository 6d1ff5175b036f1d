package dev.aifactory.ingestion.catalog.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.ingestion.catalog.CatalogEntry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableVersion;

/** The Glue adapter against the local AWS emulator, read back through the same Glue client. */
class GlueDataCatalogIT {

  static MotoServer moto;
  static GlueClient glue;
  static GlueDataCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    glue = GlueDataCatalog.client(moto.configure(GlueClient.builder()));
    catalog = new GlueDataCatalog(glue, "aifactory_");
  }

  @AfterAll
  static void stop() {
    if (glue != null) {
      glue.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  static CatalogEntry entry(UUID id, int version, String hash, List<String> tags) {
    return new CatalogEntry(
        "Growth-Team",
        id,
        "churn-events",
        version,
        "s3://aifactory-datasets/datasets/" + id + "/" + hash + "/data.csv",
        "csv",
        hash,
        List.of(
            new CatalogEntry.Column("Age", "numeric"),
            new CatalogEntry.Column("plan", "categorical")),
        120,
        "PASSED",
        tags);
  }

  @Test
  void createsTheDatabaseAndTableThenATableVersionPerDatasetVersion() {
    UUID id = UUID.randomUUID();
    CatalogEntry v1 = entry(id, 1, "aaa111", List.of("domain:growth"));
    CatalogEntry v2 = entry(id, 2, "bbb222", List.of("domain:growth", "pii", "pii:email"));

    catalog.publish(v1);
    catalog.publish(v2);

    assertThat(glue.getDatabase(b -> b.name("aifactory_growth_team")).database().name())
        .isEqualTo("aifactory_growth_team");
    Table table =
        glue.getTable(b -> b.databaseName("aifactory_growth_team").name("churn_events")).table();
    assertThat(table.tableType()).isEqualTo("EXTERNAL_TABLE");
    assertThat(table.parameters())
        .containsEntry("aifactory.dataset-id", id.toString())
        .containsEntry("aifactory.version", "2")
        .containsEntry("aifactory.content-hash", "bbb222")
        .containsEntry("aifactory.tags", "domain:growth,pii,pii:email")
        .containsEntry("classification", "csv")
        .containsEntry("skip.header.line.count", "1");
    assertThat(table.storageDescriptor().location())
        .isEqualTo("s3://aifactory-datasets/datasets/" + id + "/bbb222/");
    assertThat(table.storageDescriptor().columns())
        .extracting(c -> c.name() + ":" + c.type())
        .containsExactly("age:double", "plan:string");
    assertThat(table.storageDescriptor().serdeInfo().serializationLibrary())
        .isEqualTo(GlueDataCatalog.CSV_SERDE);

    List<TableVersion> versions =
        glue.getTableVersions(
                b -> b.databaseName("aifactory_growth_team").tableName("churn_events"))
            .tableVersions();
    assertThat(versions)
        .extracting(v -> v.table().parameters().get("aifactory.content-hash"))
        .containsExactlyInAnyOrder("aaa111", "bbb222");

    assertThat(catalog.versions("Growth-Team", id, "churn-events")).containsExactly(v1, v2);
  }

  @Test
  void describesJsonLinesAndParquetVersionsWithTheirSerDe() {
    UUID id = UUID.randomUUID();
    catalog.publish(entry(id, 1, "jjj", "jsonl", "events-jsonl"));
    catalog.publish(entry(UUID.randomUUID(), 1, "ppp", "parquet", "events-parquet"));

    Table json =
        glue.getTable(b -> b.databaseName("aifactory_growth_team").name("events_jsonl")).table();
    assertThat(json.parameters()).containsEntry("classification", "jsonl");
    assertThat(json.parameters()).doesNotContainKey("skip.header.line.count");
    assertThat(json.storageDescriptor().serdeInfo().serializationLibrary())
        .isEqualTo(GlueDataCatalog.JSON_SERDE);
    Table parquet =
        glue.getTable(b -> b.databaseName("aifactory_growth_team").name("events_parquet")).table();
    assertThat(parquet.storageDescriptor().serdeInfo().serializationLibrary())
        .isEqualTo(GlueDataCatalog.PARQUET_SERDE);
    assertThat(parquet.storageDescriptor().inputFormat()).isEqualTo(GlueDataCatalog.PARQUET_INPUT);
    assertThat(parquet.storageDescriptor().outputFormat())
        .isEqualTo(GlueDataCatalog.PARQUET_OUTPUT);
  }

  static CatalogEntry entry(UUID id, int version, String hash, String format, String name) {
    return new CatalogEntry(
        "Growth-Team",
        id,
        name,
        version,
        "s3://aifactory-datasets/datasets/" + id + "/" + hash + "/data." + format,
        format,
        hash,
        List.of(new CatalogEntry.Column("age", "numeric")),
        10,
        "PASSED",
        List.of());
  }

  @Test
  void hasNoVersionsForAnUncataloguedDataset() {
    assertThat(catalog.versions("nobody", UUID.randomUUID(), "nothing")).isEmpty();
  }
}
