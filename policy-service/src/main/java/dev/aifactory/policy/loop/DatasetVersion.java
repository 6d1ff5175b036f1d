package dev.aifactory.policy.loop;

import java.util.List;

/** What policy remembers of a dataset version: where it is and what it is bound to train. */
public record DatasetVersion(
    String datasetId,
    int version,
    String team,
    String name,
    String location,
    List<String> tags,
    String quality,
    String modelGroup,
    String target,
    String objective,
    boolean autoTrain) {

  public static final String PASSED = "PASSED";
}
