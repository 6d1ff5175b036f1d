package dev.aifactory.gateway.endpoint;

import java.util.Optional;

/** The projection of the {@code champion} alias of each model group, with the versions seen. */
public interface Champions {

  /** Records (or refreshes) what is needed to serve the version. */
  void record(ModelVersion version);

  /** Points the group's champion at the version, which must be recorded. */
  void move(String team, String modelGroup, int version);

  Optional<ModelVersion> champion(String team, String modelGroup);
}
