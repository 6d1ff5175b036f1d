package dev.aifactory.gateway.endpoint;

import java.util.List;
import java.util.Optional;

/** The projection of the {@code champion} alias of each model group, with the versions seen. */
public interface Champions {

  /** Records (or refreshes) what is needed to serve the version. */
  void record(ModelVersion version);

  /** Points the group's champion at the version, which must be recorded. */
  void move(String team, String modelGroup, int version);

  Optional<ModelVersion> champion(String team, String modelGroup);

  /** A version of the group the gateway has heard of (it was champion at some point). */
  Optional<ModelVersion> version(String team, String modelGroup, int version);

  /** The versions of the group the gateway has heard of, ascending. */
  List<Integer> versions(String team, String modelGroup);

  /** Records the data tags of a registered version (from {@code model.version-registered}). */
  void recordDataTags(String team, String modelGroup, int version, List<String> tags);

  /** The version's data tags; empty when the gateway never saw its registration. */
  List<String> dataTags(String team, String modelGroup, int version);
}
