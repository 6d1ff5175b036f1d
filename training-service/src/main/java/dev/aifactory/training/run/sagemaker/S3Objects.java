package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.run.TrainingFailure;
import dev.aifactory.training.run.TrainingInfrastructureFailure;
import java.net.URI;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads what a pipeline execution left in S3 (model, evaluation report) and the dataset. */
class S3Objects {

  private final S3Client s3;

  S3Objects(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * The object at {@code s3://bucket/key}.
   *
   * @throws TrainingFailure when it does not exist or may not be read (retrying will not help)
   * @throws TrainingInfrastructureFailure when S3 could not be reached
   */
  byte[] read(String s3Uri, String what) {
    URI uri = URI.create(s3Uri);
    if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new TrainingFailure(what + " is not an s3:// URI: " + s3Uri);
    }
    String key = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    try {
      return s3.getObjectAsBytes(b -> b.bucket(uri.getHost()).key(key)).asByteArray();
    } catch (AwsServiceException e) {
      if (e.statusCode() >= 500 || e.isThrottlingException()) {
        throw new TrainingInfrastructureFailure(
            "S3 failed to return " + what + " at " + s3Uri + ": " + e.getMessage(), e);
      }
      throw new TrainingFailure("could not read " + what + " at " + s3Uri + ": " + e.getMessage());
    } catch (SdkException e) {
      throw new TrainingInfrastructureFailure(
          "could not reach S3 for " + what + " at " + s3Uri + ": " + e.getMessage(), e);
    }
  }
}
