package dev.aifactory.monitoring;

import java.util.List;

/** One page of a list, in the shape every aifactory list endpoint returns. */
public record Page<T>(List<T> items, int page, int size, long total) {}
