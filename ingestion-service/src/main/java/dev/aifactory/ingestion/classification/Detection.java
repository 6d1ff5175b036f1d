package dev.aifactory.ingestion.classification;

/**
 * One kind of personal data found in a column. {@code confidence} is the share of sampled non-null
 * values the kind's value check accepted ({@code matched} of {@code sampled}); {@code byName} says
 * the column name matched too (or alone, then confidence may be low: masked or hashed values).
 */
public record Detection(
    String kind, double confidence, long matched, long sampled, boolean byName, boolean byValues) {}
