package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.registry.ModelPackageMirror;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * Mirror of the registry in SageMaker's model registry: one model package group per model group,
 * and the approval status policy decided on each model package.
 */
class SageMakerModelPackages implements ModelPackageMirror {

  private final SageMakerClient sagemaker;

  SageMakerModelPackages(SageMakerClient sagemaker) {
    this.sagemaker = sagemaker;
  }

  /** Creates the group unless it exists; safe to call before every run. */
  void ensureGroup(String group, String description) {
    try {
      sagemaker.describeModelPackageGroup(b -> b.modelPackageGroupName(group));
      return;
    } catch (SageMakerException missing) {
      // not there yet (SageMaker answers ValidationException): create it below
    }
    try {
      sagemaker.createModelPackageGroup(
          b -> b.modelPackageGroupName(group).modelPackageGroupDescription(description));
    } catch (SageMakerException e) {
      if (e.getMessage() == null || !e.getMessage().contains("already exists")) {
        throw e; // a concurrent run created it: fine; anything else is not
      }
    }
  }

  DescribeModelPackageResponse describe(String modelPackageArn) {
    return sagemaker.describeModelPackage(b -> b.modelPackageName(modelPackageArn));
  }

  /** Mirrors policy's decision onto the model package. */
  void decide(String modelPackageArn, boolean approved, String reason) {
    decided(modelPackageArn, approved, reason);
  }

  @Override
  public void decided(String modelPackageArn, boolean approved, String reason) {
    sagemaker.updateModelPackage(
        b ->
            b.modelPackageArn(modelPackageArn)
                .modelApprovalStatus(
                    approved ? ModelApprovalStatus.APPROVED : ModelApprovalStatus.REJECTED)
                .approvalDescription(reason));
  }
}
