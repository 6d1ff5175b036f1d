package dev.aifactory.training.registry;

/**
 * Another registry that mirrors the factory's approval decisions (SageMaker's model registry in aws
 * mode): told after the decision committed, best effort.
 */
public interface ModelPackageMirror {

  /** Records policy's decision on the mirrored package {@code modelPackageArn}. */
  void decided(String modelPackageArn, boolean approved, String reason);
}
