package dev.aifactory.common.events;

/** A column of a dataset: {@code type} is {@code numeric} or {@code categorical}. */
public record ColumnSchema(String name, String type) {
  public static final String NUMERIC = "numeric";
  public static final String CATEGORICAL = "categorical";
}
