package dev.aifactory.ingestion.catalog.aws;

import dev.aifactory.common.aws.AwsClientConfigurer;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.catalog.DataCatalog;
import dev.aifactory.ingestion.catalog.TableName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetTableVersionsResponse;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.TableVersion;

/**
 * The AWS Glue Data Catalog: a database per team ({@code <prefix><team>}), a table per dataset and
 * a Glue table version per dataset version (CreateTable for the first, UpdateTable, which archives
 * the previous definition as a version, for the next). The table points at the version's folder
 * with the OpenCSV SerDe and carries the dataset id, version, content hash and tags as table
 * parameters. Throttling and 5xx answers are retried by the SDK (standard mode, 3 attempts); what
 * still fails aborts the registration with a 503 naming the Glue error.
 */
@Component
@ConditionalOnProperty(name = "aifactory.ingestion.catalog", havingValue = "aws")
class GlueDataCatalog implements DataCatalog, AutoCloseable {

  static final String CSV_SERDE = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
  static final String TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
  static final String TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
  static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";
  static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  static final String PARQUET_INPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  static final String PARQUET_OUTPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

  /** How Athena/Spark read a stored format: SerDe, its parameters, input and output format. */
  record Storage(String serde, Map<String, String> serdeParameters, String input, String output) {

    static Storage of(String format) {
      return switch (format == null ? "csv" : format) {
        case "jsonl" -> new Storage(JSON_SERDE, Map.of(), TEXT_INPUT, TEXT_OUTPUT);
        case "parquet" -> new Storage(PARQUET_SERDE, Map.of(), PARQUET_INPUT, PARQUET_OUTPUT);
        default ->
            new Storage(
                CSV_SERDE,
                Map.of("separatorChar", ",", "quoteChar", "\"", "escapeChar", "\\"),
                TEXT_INPUT,
                TEXT_OUTPUT);
      };
    }
  }

  private final GlueClient glue;
  private final String databasePrefix;

  @Autowired
  GlueDataCatalog(AwsClientConfigurer aws, IngestionProperties properties) {
    this(client(aws.configure(GlueClient.builder())), properties.glueDatabasePrefix());
  }

  GlueDataCatalog(GlueClient glue, String databasePrefix) {
    this.glue = glue;
    this.databasePrefix = databasePrefix;
  }

  /** Applies what this adapter needs from every Glue client: the SDK's standard retry mode. */
  static GlueClient client(GlueClientBuilder builder) {
    return builder.overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)).build();
  }

  @Override
  public void publish(CatalogEntry entry) {
    String database = database(entry.team());
    try {
      ensureDatabase(database, entry.team());
      TableInput table = tableInput(entry);
      try {
        glue.getTable(b -> b.databaseName(database).name(table.name()));
        glue.updateTable(b -> b.databaseName(database).tableInput(table));
      } catch (EntityNotFoundException missing) {
        glue.createTable(b -> b.databaseName(database).tableInput(table));
      }
    } catch (SdkException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "catalog-unavailable",
          "The AWS Glue Data Catalog did not record version "
              + entry.version()
              + " of dataset '"
              + entry.name()
              + "' ("
              + describe(e)
              + "); the version was not registered, try again later",
          List.of());
    }
  }

  @Override
  public List<CatalogEntry> versions(String team, UUID datasetId, String name) {
    String database = database(team);
    List<CatalogEntry> entries = new ArrayList<>();
    try {
      for (GetTableVersionsResponse page :
          glue.getTableVersionsPaginator(b -> b.databaseName(database).tableName(table(name)))) {
        for (TableVersion v : page.tableVersions()) {
          entries.add(entry(team, v.table()));
        }
      }
    } catch (EntityNotFoundException e) {
      return List.of();
    }
    entries.sort(Comparator.comparingInt(CatalogEntry::version));
    return entries;
  }

  @Override
  public void close() {
    glue.close();
  }

  private void ensureDatabase(String database, String team) {
    try {
      glue.getDatabase(b -> b.name(database));
    } catch (EntityNotFoundException missing) {
      try {
        glue.createDatabase(
            b ->
                b.databaseInput(
                    d -> d.name(database).description("aifactory datasets of team " + team)));
      } catch (AlreadyExistsException raced) {
        // Another registration created it first: exactly what was wanted.
      }
    }
  }

  private TableInput tableInput(CatalogEntry entry) {
    Map<String, String> parameters = new java.util.HashMap<>(entry.parameters());
    parameters.put("classification", entry.format());
    if ("csv".equals(entry.format())) {
      parameters.put("skip.header.line.count", "1");
    }
    Storage storage = Storage.of(entry.format());
    parameters.put("aifactory.name", entry.name());
    parameters.put("aifactory.location", entry.location());
    return TableInput.builder()
        .name(table(entry.name()))
        .description("Dataset " + entry.name() + ", version " + entry.version())
        .tableType("EXTERNAL_TABLE")
        .parameters(parameters)
        .storageDescriptor(
            StorageDescriptor.builder()
                .location(folder(entry.location()))
                .columns(
                    entry.columns().stream()
                        .map(
                            c ->
                                Column.builder()
                                    .name(c.name().toLowerCase(Locale.ROOT))
                                    .type(glueType(c.type()))
                                    .comment(c.name())
                                    .build())
                        .toList())
                .inputFormat(storage.input())
                .outputFormat(storage.output())
                .serdeInfo(
                    SerDeInfo.builder()
                        .serializationLibrary(storage.serde())
                        .parameters(storage.serdeParameters())
                        .build())
                .build())
        .build();
  }

  private static CatalogEntry entry(String team, Table t) {
    Map<String, String> p = t.parameters();
    StorageDescriptor sd = t.storageDescriptor();
    List<String> tags =
        p.getOrDefault("aifactory.tags", "").isEmpty()
            ? List.of()
            : Arrays.asList(p.get("aifactory.tags").split(","));
    return new CatalogEntry(
        team,
        UUID.fromString(p.get("aifactory.dataset-id")),
        p.getOrDefault("aifactory.name", t.name()),
        Integer.parseInt(p.get("aifactory.version")),
        p.getOrDefault("aifactory.location", sd.location()),
        p.get("classification"),
        p.get("aifactory.content-hash"),
        sd.columns().stream()
            .map(
                c ->
                    new CatalogEntry.Column(
                        c.comment() == null ? c.name() : c.comment(), profileType(c.type())))
            .toList(),
        Long.parseLong(p.getOrDefault("aifactory.row-count", "0")),
        p.get("aifactory.quality-status"),
        tags);
  }

  String database(String team) {
    return TableName.of(databasePrefix, team, "").database();
  }

  String table(String name) {
    return TableName.of(databasePrefix, "", name).table();
  }

  /** A table points at a folder: each version's file lies in a folder of its own. */
  static String folder(String location) {
    return location.substring(0, location.lastIndexOf('/') + 1);
  }

  private static String glueType(String profileType) {
    return "numeric".equals(profileType) ? "double" : "string";
  }

  private static String profileType(String glueType) {
    return "double".equals(glueType) ? "numeric" : "categorical";
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }
}
