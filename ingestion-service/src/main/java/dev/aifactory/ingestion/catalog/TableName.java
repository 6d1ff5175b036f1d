package dev.aifactory.ingestion.catalog;

import java.util.Locale;

/**
 * Where a dataset lives in the AWS catalog: database {@code <prefix><team>} and a table named after
 * the dataset, both as Glue/Hive identifiers (lower case letters, digits, underscores). Lake
 * Formation grants and tags name the same table, so both adapters use this one mapping.
 */
public record TableName(String database, String table) {

  public static TableName of(String databasePrefix, String team, String dataset) {
    return new TableName(databasePrefix + identifier(team), identifier(dataset));
  }

  private static String identifier(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }
}
