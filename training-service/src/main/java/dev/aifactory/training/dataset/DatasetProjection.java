package dev.aifactory.training.dataset;

import dev.aifactory.common.events.DatasetVersionRegistered;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Keeps the dataset projection and answers which version a run may train on. */
@Service
public class DatasetProjection {

  private final DatasetVersions versions;

  public DatasetProjection(DatasetVersions versions) {
    this.versions = versions;
  }

  public void on(DatasetVersionRegistered e) {
    versions.save(
        new DatasetVersion(
            e.datasetId(),
            e.version(),
            e.team(),
            e.name(),
            e.location(),
            e.format(),
            e.tags() == null ? List.of() : e.tags(),
            e.schema() == null ? List.of() : e.schema(),
            e.qualityStatus(),
            e.rowCount(),
            e.training() == null
                ? null
                : new DatasetVersion.Binding(
                    e.training().modelGroup(), e.training().target(), e.training().objective()),
            e.profile() == null ? List.of() : e.profile()));
  }

  /**
   * The version visible to {@code team}: the given one, or the latest known when {@code version} is
   * null. Another team's dataset is reported as absent.
   */
  public Optional<DatasetVersion> visible(String team, String datasetId, Integer version) {
    Optional<DatasetVersion> found =
        version == null ? versions.latest(datasetId) : versions.find(datasetId, version);
    return found.filter(v -> v.team().equals(team));
  }
}
