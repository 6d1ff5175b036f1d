package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.TrainingBinding;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A named collection of immutable versions, owned by a team, optionally bound to a model group. */
public record Dataset(
    UUID id,
    String team,
    String name,
    String description,
    List<String> tags,
    TrainingBinding training,
    String createdBy,
    Instant createdAt) {

  public Dataset {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
