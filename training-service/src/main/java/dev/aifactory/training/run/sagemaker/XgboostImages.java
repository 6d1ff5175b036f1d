package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.run.TrainingFailure;
import java.util.Map;

/**
 * Where AWS publishes the built-in XGBoost algorithm image in each region (the account differs per
 * region; see the SageMaker "Docker registry paths" reference).
 */
final class XgboostImages {

  private static final Map<String, String> ACCOUNTS =
      Map.ofEntries(
          Map.entry("us-east-1", "683313688378"),
          Map.entry("us-east-2", "257758044811"),
          Map.entry("us-west-1", "746614075791"),
          Map.entry("us-west-2", "246618743249"),
          Map.entry("ca-central-1", "341280168497"),
          Map.entry("eu-west-1", "141502667606"),
          Map.entry("eu-west-2", "764974769150"),
          Map.entry("eu-west-3", "659782779980"),
          Map.entry("eu-central-1", "492215442770"),
          Map.entry("eu-north-1", "662702820516"),
          Map.entry("ap-northeast-1", "354813040037"),
          Map.entry("ap-northeast-2", "366743142698"),
          Map.entry("ap-southeast-1", "121021644041"),
          Map.entry("ap-southeast-2", "783357654285"),
          Map.entry("ap-south-1", "720646828776"),
          Map.entry("sa-east-1", "737474898029"));

  private XgboostImages() {}

  static String uri(String region, String version) {
    String account = ACCOUNTS.get(region);
    if (account == null) {
      throw new TrainingFailure(
          "no built-in XGBoost image is known for region "
              + region
              + "; supported: "
              + new java.util.TreeSet<>(ACCOUNTS.keySet()));
    }
    return account + ".dkr.ecr." + region + ".amazonaws.com/sagemaker-xgboost:" + version;
  }
}
