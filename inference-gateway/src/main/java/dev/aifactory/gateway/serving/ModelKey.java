package dev.aifactory.gateway.serving;

/** Identifies one version of a team's model group in a backend. */
public record ModelKey(String team, String modelGroup, int version) {

  @Override
  public String toString() {
    return team + "/" + modelGroup + "/v" + version;
  }
}
