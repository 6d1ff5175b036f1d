package dev.aifactory.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.common.testing.MotoServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/aws/aifactory.yaml created as a stack on the AWS emulator (moto server) through the real
 * CloudFormation client, and every resource read back through its own API: buckets with encryption,
 * IAM roles with their trust and inline policies, the SNS topic, the outputs the Helm chart's
 * values take. Resource types moto's CloudFormation cannot create (it would report them
 * CREATE_COMPLETE without creating anything) are taken out of the emulator's copy only and checked
 * in the template itself instead (docs/deploy.md lists them).
 */
class CloudFormationTemplateIT {

  static final Path TEMPLATE = DeployFiles.root().resolve("aws/aifactory.yaml");
  static final String OIDC = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
  static final Set<String> NOT_IN_MOTO =
      Set.of(
          "AWS::Glue::Database",
          "AWS::LakeFormation::DataLakeSettings",
          "AWS::LakeFormation::Resource",
          "AWS::S3::BucketPolicy");
  static final Map<String, String> SERVICE_ROLES =
      Map.of(
          "policy-service", "PolicyServiceRoleArn",
          "ingestion-service", "IngestionServiceRoleArn",
          "training-service", "TrainingServiceRoleArn",
          "monitoring-service", "MonitoringServiceRoleArn",
          "inference-gateway", "GatewayServiceRoleArn");

  static MotoServer moto;
  static CloudFormationClient cloudFormation;
  static IamClient iam;
  static S3Client s3;
  static SnsClient sns;
  static Map<String, Object> template;
  static Map<String, String> outputs;

  @BeforeAll
  static void createStack() throws Exception {
    moto = MotoServer.start();
    cloudFormation = moto.configure(CloudFormationClient.builder()).build();
    iam = moto.configure(IamClient.builder()).build();
    s3 = moto.configure(S3Client.builder().forcePathStyle(true)).build();
    sns = moto.configure(SnsClient.builder()).build();
    String body = Files.readString(TEMPLATE);
    template = yaml(body);

    // the whole template, unsupported types included, parses for CloudFormation (moto's
    // ValidateTemplate reads the document and its description, not the parameters)
    assertThat(cloudFormation.validateTemplate(b -> b.templateBody(body)).description())
        .startsWith("aifactory in AWS mode");

    Map<String, Object> emulated = new LinkedHashMap<>(template);
    Map<String, Object> resources = new LinkedHashMap<>(section(template, "Resources"));
    resources.values().removeIf(r -> NOT_IN_MOTO.contains(((Map<?, ?>) r).get("Type")));
    emulated.put("Resources", resources);

    cloudFormation.createStack(
        b ->
            b.stackName("aifactory")
                .templateBody(JsonMapper.builder().build().writeValueAsString(emulated))
                .capabilities(Capability.CAPABILITY_NAMED_IAM)
                .parameters(
                    Parameter.builder()
                        .parameterKey("EksOidcProvider")
                        .parameterValue(OIDC)
                        .build()));
    Stack stack =
        Awaitility.await("stack aifactory leaves CREATE_IN_PROGRESS")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> cloudFormation.describeStacks(b -> b.stackName("aifactory")).stacks().get(0),
                s -> s.stackStatus() != StackStatus.CREATE_IN_PROGRESS);
    assertThat(stack.stackStatus())
        .as(stack.stackStatusReason())
        .isEqualTo(StackStatus.CREATE_COMPLETE);
    outputs =
        stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {cloudFormation, iam, s3, sns, moto}) {
      try {
        if (c != null) c.close();
      } catch (Exception ignored) {
        // closing clients of a test emulator: nothing to recover
      }
    }
  }

  @Test
  void outputsGiveEveryAwsValueTheChartNeeds() throws Exception {
    assertThat(outputs)
        .containsEntry("DataBucketName", "aifactory-data-123456789012-us-east-1")
        .containsEntry(
            "SageMakerOutputUri", "s3://aifactory-models-123456789012-us-east-1/pipelines")
        .containsEntry("SageMakerCodeUri", "s3://aifactory-models-123456789012-us-east-1/code")
        .containsEntry(
            "NotificationsTopicArn", "arn:aws:sns:us-east-1:123456789012:aifactory-notifications")
        .containsEntry(
            "SageMakerExecutionRoleArn",
            "arn:aws:iam::123456789012:role/aifactory-sagemaker-execution")
        .containsEntry("InitialGlueDatabaseName", "aifactory_demo");
    SERVICE_ROLES.forEach(
        (service, output) ->
            assertThat(outputs)
                .containsEntry(output, "arn:aws:iam::123456789012:role/aifactory-" + service));

    // every output described as a chart value names a value that exists in the chart
    Map<String, Object> values =
        yaml(Files.readString(DeployFiles.root().resolve("helm/aifactory/values.yaml")));
    Map<String, Object> declaredOutputs = section(template, "Outputs");
    assertThat(declaredOutputs.keySet()).containsExactlyInAnyOrderElementsOf(outputs.keySet());
    declaredOutputs.forEach(
        (key, output) -> {
          String description = (String) ((Map<?, ?>) output).get("Description");
          if (description.startsWith("aws.")) {
            Object node = values;
            for (String step : description.split("\\.")) {
              assertThat(node).as(key + " -> " + description).isInstanceOf(Map.class);
              assertThat(mapOf(node)).as(key + " -> " + description).containsKey(step);
              node = ((Map<?, ?>) node).get(step);
            }
          }
        });
  }

  @Test
  void theThreeBucketsExistEncryptedAndTagged() {
    Map<String, String> purposes =
        Map.of(
            "DataBucketName", "datasets",
            "ModelsBucketName", "models",
            "CaptureBucketName", "inference-capture");
    purposes.forEach(
        (output, purpose) -> {
          String bucket = outputs.get(output);
          s3.headBucket(b -> b.bucket(bucket));
          var rules =
              s3.getBucketEncryption(b -> b.bucket(bucket))
                  .serverSideEncryptionConfiguration()
                  .rules();
          assertThat(rules)
              .as(bucket)
              .anySatisfy(
                  r ->
                      assertThat(r.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                          .isEqualTo("AES256"));
          assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet())
              .anySatisfy(
                  t -> {
                    assertThat(t.key()).isEqualTo("aifactory:purpose");
                    assertThat(t.value()).isEqualTo(purpose);
                  });
        });
  }

  @Test
  void eachServiceRoleTrustsOnlyItsOwnServiceAccountThroughTheClustersOidcProvider() {
    SERVICE_ROLES
        .keySet()
        .forEach(
            service -> {
              var role = iam.getRole(b -> b.roleName("aifactory-" + service)).role();
              Map<String, Object> trust = policy(role.assumeRolePolicyDocument());
              List<Map<String, Object>> statements = statements(trust);
              assertThat(statements).hasSize(1);
              Map<String, Object> s = statements.get(0);
              assertThat(s.get("Action")).isEqualTo("sts:AssumeRoleWithWebIdentity");
              assertThat(((Map<?, ?>) s.get("Principal")).get("Federated"))
                  .isEqualTo("arn:aws:iam::123456789012:oidc-provider/" + OIDC);
              assertThat(mapOf(mapOf(s.get("Condition")).get("StringEquals")))
                  .containsEntry(
                      OIDC + ":sub", "system:serviceaccount:aifactory:aifactory-" + service)
                  .containsEntry(OIDC + ":aud", "sts.amazonaws.com");
            });

    Map<String, Object> sageMakerTrust =
        policy(
            iam.getRole(b -> b.roleName("aifactory-sagemaker-execution"))
                .role()
                .assumeRolePolicyDocument());
    assertThat(statements(sageMakerTrust))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(mapOf(s.get("Principal")))
                  .containsEntry("Service", "sagemaker.amazonaws.com");
              assertThat(s.get("Action")).isEqualTo("sts:AssumeRole");
            });
  }

  @Test
  void serviceRolesAllowWhatTheirAdaptersCallOnTheStacksOwnResources() {
    String data = "arn:aws:s3:::" + outputs.get("DataBucketName");
    String models = "arn:aws:s3:::" + outputs.get("ModelsBucketName");
    String executionRole = outputs.get("SageMakerExecutionRoleArn");

    assertThat(allowed("policy-service", "sns:Publish"))
        .containsExactly(outputs.get("NotificationsTopicArn"));
    assertThat(actions("policy-service")).containsExactly("sns:Publish");

    assertThat(allowed("ingestion-service", "s3:PutObject")).containsExactly(data + "/*");
    assertThat(allowed("ingestion-service", "s3:GetObject")).containsExactly(data + "/*");
    assertThat(allowed("ingestion-service", "glue:CreateTable"))
        .contains("arn:aws:glue:us-east-1:123456789012:table/aifactory_*/*");
    assertThat(actions("ingestion-service"))
        .contains(
            "glue:UpdateTable",
            "glue:GetTableVersions",
            "lakeformation:GrantPermissions",
            "lakeformation:RevokePermissions",
            "lakeformation:AddLFTagsToResource",
            "lakeformation:RegisterResource")
        .noneMatch(a -> a.startsWith("sagemaker:") || a.equals("iam:PassRole"));

    assertThat(actions("training-service"))
        .contains(
            "sagemaker:CreatePipeline",
            "sagemaker:StartPipelineExecution",
            "sagemaker:StopPipelineExecution",
            "sagemaker:CreateModelPackageGroup",
            "sagemaker:UpdateModelPackage");
    assertThat(allowed("training-service", "iam:PassRole")).containsExactly(executionRole);
    assertThat(allowed("training-service", "s3:PutObject")).containsExactly(models + "/*");

    assertThat(allowed("inference-gateway", "sagemaker:InvokeEndpoint"))
        .containsExactly("arn:aws:sagemaker:us-east-1:123456789012:endpoint/*");
    assertThat(actions("inference-gateway"))
        .contains("sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint");
    assertThat(allowed("inference-gateway", "iam:PassRole")).containsExactly(executionRole);
    assertThat(actions("inference-gateway")).noneMatch(a -> a.startsWith("s3:"));

    assertThat(actions("monitoring-service"))
        .containsExactlyInAnyOrder(
            "cloudwatch:PutMetricData",
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:DeleteAlarms",
            "cloudwatch:DescribeAlarms");
  }

  @Test
  void noRoleGetsAWildcardActionAndEveryStarResourceIsAnActionThatHasNoResource() {
    // actions IAM cannot scope to a resource; anything else must name one
    Set<String> unscopable =
        Set.of(
            "cloudwatch:PutMetricData",
            "sagemaker:ListPipelines",
            "ecr:GetAuthorizationToken",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability",
            "iam:CreateServiceLinkedRole");
    List<String> roles = new ArrayList<>(SERVICE_ROLES.keySet());
    roles.add("sagemaker-execution");
    for (String role : roles) {
      for (Map<String, Object> s : inlineStatements(role)) {
        List<String> actions = strings(s.get("Action"));
        assertThat(actions).as(role).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
        if (strings(s.get("Resource")).contains("*")) {
          assertThat(actions)
              .as(role + " " + s.get("Sid"))
              .allMatch(a -> unscopable.contains(a) || a.startsWith("lakeformation:"));
        }
        if (actions.contains("cloudwatch:PutMetricData")
            || actions.contains("iam:CreateServiceLinkedRole")) {
          assertThat(s)
              .as(role + ": an unscopable write is limited by a condition")
              .containsKey("Condition");
        }
      }
    }
  }

  @Test
  void notificationsTopicExistsEncryptedAtRest() {
    String arn = outputs.get("NotificationsTopicArn");
    assertThat(sns.listTopics().topics()).anySatisfy(t -> assertThat(t.topicArn()).isEqualTo(arn));
    assertThat(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes())
        .containsEntry("KmsMasterKeyId", "alias/aws/sns");
  }

  @Test
  void whatTheEmulatorCannotCreateIsDeclaredInTheTemplate() {
    Map<String, Object> resources = section(template, "Resources");
    Set<String> types =
        resources.values().stream()
            .map(r -> (String) ((Map<?, ?>) r).get("Type"))
            .collect(Collectors.toSet());
    assertThat(types).containsAll(NOT_IN_MOTO);

    // moto's AWS::S3::Bucket keeps encryption and tags only
    for (String bucket : List.of("DataBucket", "ModelsBucket", "CaptureBucket")) {
      Map<String, Object> props = properties(resources, bucket);
      assertThat(props.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
      assertThat(mapOf(props.get("PublicAccessBlockConfiguration")))
          .containsOnlyKeys(
              "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")
          .allSatisfy((k, v) -> assertThat(v).as(bucket + " " + k).isEqualTo(true));
      Map<String, Object> policy = properties(resources, bucket + "Policy");
      assertThat(policy.get("Bucket")).isEqualTo(Map.of("Ref", bucket));
      assertThat(statements(mapOf(policy.get("PolicyDocument"))))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s).containsEntry("Effect", "Deny").containsEntry("Action", "s3:*");
                assertThat(s.get("Condition"))
                    .isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
              });
    }
    assertThat(properties(resources, "CaptureBucket").toString())
        .contains("ExpirationInDays={Ref=CaptureRetentionDays}");

    Map<String, Object> database =
        mapOf(properties(resources, "InitialGlueDatabase").get("DatabaseInput"));
    assertThat(database.get("Name"))
        .isEqualTo(Map.of("Fn::Sub", "${GlueDatabasePrefix}${InitialTeam}"));
    assertThat(database.get("LocationUri"))
        .isEqualTo(Map.of("Fn::Sub", "s3://${DataBucket}/${InitialTeam}/"));

    Map<String, Object> admins = properties(resources, "LakeFormationAdmins");
    assertThat(((List<?>) admins.get("Admins")).get(0))
        .isEqualTo(
            Map.of(
                "DataLakePrincipalIdentifier",
                Map.of("Fn::GetAtt", List.of("IngestionServiceRole", "Arn"))));
    Map<String, Object> location = properties(resources, "LakeFormationDataLocation");
    assertThat(location)
        .containsEntry("ResourceArn", Map.of("Fn::GetAtt", List.of("DataBucket", "Arn")))
        .containsEntry("UseServiceLinkedRole", true);
  }

  // ---- reading policies back ----

  /** Actions of a service role's inline policies. */
  static List<String> actions(String service) {
    return inlineStatements(service).stream()
        .flatMap(s -> strings(s.get("Action")).stream())
        .toList();
  }

  /** Resources on which a role's inline policies allow an action. */
  static List<String> allowed(String service, String action) {
    return inlineStatements(service).stream()
        .filter(s -> "Allow".equals(s.get("Effect")) && strings(s.get("Action")).contains(action))
        .flatMap(s -> strings(s.get("Resource")).stream())
        .toList();
  }

  static List<Map<String, Object>> inlineStatements(String role) {
    String name = "aifactory-" + role;
    List<String> policyNames = iam.listRolePolicies(b -> b.roleName(name)).policyNames();
    assertThat(policyNames).as(name).isNotEmpty();
    List<Map<String, Object>> all = new ArrayList<>();
    for (String policyName : policyNames) {
      String document =
          iam.getRolePolicy(b -> b.roleName(name).policyName(policyName)).policyDocument();
      all.addAll(statements(policy(document)));
    }
    return all;
  }

  /**
   * IAM returns policy documents URL-encoded. A YAML parser reads both AWS's JSON and the Python
   * literal moto 5 returns for inline policies created through CloudFormation.
   */
  static Map<String, Object> policy(String encoded) {
    return yaml(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statements(Map<String, Object> policy) {
    Object statement = policy.get("Statement");
    return statement instanceof List<?> l
        ? (List<Map<String, Object>>) l
        : List.of((Map<String, Object>) statement);
  }

  static List<String> strings(Object value) {
    if (value == null) return List.of();
    if (value instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    return List.of(String.valueOf(value));
  }

  static Map<String, Object> properties(Map<String, Object> resources, String logicalId) {
    Map<String, Object> resource = mapOf(resources.get(logicalId));
    assertThat(resource).as(logicalId).isNotNull();
    return mapOf(resource.get("Properties"));
  }

  static Map<String, Object> section(Map<String, Object> doc, String name) {
    return mapOf(doc.get(name));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> mapOf(Object value) {
    return (Map<String, Object>) value;
  }

  static Map<String, Object> yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }
}
