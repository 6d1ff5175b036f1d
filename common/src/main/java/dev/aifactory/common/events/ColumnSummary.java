package dev.aifactory.common.events;

/** Profile summary of one column carried in {@link DatasetVersionRegistered}. */
public record ColumnSummary(
    String name,
    String type,
    long count,
    long nulls,
    long distinct,
    Double min,
    Double max,
    Double mean,
    Double std) {}
