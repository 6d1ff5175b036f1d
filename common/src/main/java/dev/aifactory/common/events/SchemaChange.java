package dev.aifactory.common.events;

import java.util.List;

/**
 * How a dataset version's schema differs from the previous version's. {@code kind} is {@code NONE},
 * {@code COMPATIBLE} (only nullable columns added) or {@code BREAKING} (a column removed or
 * renamed, or a type changed); {@code changes} say what, one line each, e.g. {@code "removed column
 * 'plan'"}.
 */
public record SchemaChange(int previousVersion, String kind, List<String> changes) {

  public boolean breaking() {
    return "BREAKING".equals(kind);
  }
}
