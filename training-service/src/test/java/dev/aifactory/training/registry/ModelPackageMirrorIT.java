package dev.aifactory.training.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.training.TrainingIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Policy's decisions reach the mirrored SageMaker model package once committed, best effort. */
class ModelPackageMirrorIT extends TrainingIntegrationTest {

  private static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/x/1";

  @Autowired ModelGroups groups;
  @Autowired ModelVersions versions;
  @Autowired ModelArtifacts artifacts;
  @Autowired Outbox outbox;
  @Autowired PlatformTransactionManager transactions;

  record Call(String arn, boolean approved) {}

  private final List<Call> calls = new ArrayList<>();

  private ModelRegistry registry(ModelPackageMirror mirror) {
    return new ModelRegistry(groups, versions, artifacts, outbox, List.of(mirror));
  }

  private void register(ModelRegistry registry, String group, String packageArn) {
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            s ->
                registry.register(
                    new NewModelVersion(
                        "growth",
                        group,
                        UUID.randomUUID(),
                        "ds-1",
                        1,
                        "binary",
                        "churned",
                        "manual",
                        List.of(),
                        new byte[] {1},
                        Map.of("auc", 0.9),
                        List.of(new FeatureSpec("x", "numeric", null)),
                        new DriftBaseline(List.of(), null),
                        Map.of(),
                        null,
                        "ana",
                        null,
                        packageArn)));
  }

  @Test
  void anApprovalIsMirroredOntoTheVersionsModelPackage() {
    ModelRegistry registry =
        registry((arn, approved, reason) -> calls.add(new Call(arn, approved)));
    String group = unique("mirror");
    register(registry, group, ARN);

    new TransactionTemplate(transactions)
        .executeWithoutResult(s -> registry.approved("growth", group, 1, "d-1"));

    assertThat(calls).containsExactly(new Call(ARN, true));
    assertThat(versions.find(group, 1).orElseThrow().modelPackageArn()).isEqualTo(ARN);
  }

  @Test
  void aRolledBackDecisionIsNotMirroredAndALocalVersionHasNothingToMirror() {
    ModelRegistry registry =
        registry((arn, approved, reason) -> calls.add(new Call(arn, approved)));
    String group = unique("mirror");
    register(registry, group, ARN);
    register(registry, group, null);

    new TransactionTemplate(transactions)
        .executeWithoutResult(
            s -> {
              registry.rejected("growth", group, 1, "d-2");
              s.setRollbackOnly();
            });
    new TransactionTemplate(transactions)
        .executeWithoutResult(s -> registry.rejected("growth", group, 2, "d-3"));

    assertThat(calls).isEmpty();
    assertThat(versions.find(group, 1).orElseThrow().status())
        .isEqualTo(VersionStatus.PENDING_MANUAL_APPROVAL);
  }

  @Test
  void aMirrorThatFailsLeavesTheDecisionStanding() {
    ModelRegistry registry =
        registry(
            (arn, approved, reason) -> {
              throw new IllegalStateException("SageMaker is down");
            });
    String group = unique("mirror");
    register(registry, group, ARN);

    new TransactionTemplate(transactions)
        .executeWithoutResult(s -> registry.approved("growth", group, 1, "d-4"));

    assertThat(versions.find(group, 1).orElseThrow().status()).isEqualTo(VersionStatus.APPROVED);
  }
}
