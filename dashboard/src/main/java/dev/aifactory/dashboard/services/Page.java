package dev.aifactory.dashboard.services;

import java.util.List;

/** The platform's list shape: {@code {items, page, size, total}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

  public Page {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
