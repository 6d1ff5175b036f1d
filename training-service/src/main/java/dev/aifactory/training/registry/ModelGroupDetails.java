package dev.aifactory.training.registry;

import java.time.Instant;
import java.util.Map;

/** A model group with its aliases and the number of its newest version (null if none). */
public record ModelGroupDetails(
    String name, String team, Instant createdAt, Map<String, Integer> aliases, Integer latest) {}
