package dev.aifactory.training.registry;

import java.time.Instant;

/** A named line of model versions; the name is global and the group belongs to one team. */
public record ModelGroup(String name, String team, Instant createdAt) {}
