package dev.aifactory.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.aifactory.gateway",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domainAndApplicationCodeUseNoWebJdbcKafkaOrXgboostTypes =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.gateway..")
          .and()
          .resideOutsideOfPackages(
              "..web..",
              "..jdbc..",
              "..messaging..",
              "..kafka..",
              "..local..",
              "..oip..",
              "..sagemaker..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework.web..",
              "jakarta.servlet..",
              "org.springframework.jdbc..",
              "java.sql..",
              "org.apache.kafka..",
              "org.springframework.kafka..",
              "ml.dmlc..",
              "software.amazon..");

  private static final String[] ADAPTERS = {
    "dev.aifactory.gateway.endpoint.web..",
    "dev.aifactory.gateway.endpoint.jdbc..",
    "dev.aifactory.gateway.endpoint.messaging..",
    "dev.aifactory.gateway.serving.local..",
    "dev.aifactory.gateway.dataplane.web..",
    "dev.aifactory.gateway.capture.kafka..",
    "dev.aifactory.gateway.rollout.web..",
    "dev.aifactory.gateway.rollout.jdbc..",
    "dev.aifactory.gateway.rollout.messaging..",
    "dev.aifactory.gateway.hosting.web..",
    "dev.aifactory.gateway.hosting.jdbc..",
    "dev.aifactory.gateway.serving.oip..",
    "dev.aifactory.gateway.serving.sagemaker..",
    "dev.aifactory.gateway.security.web..",
    "dev.aifactory.gateway.web.."
  };

  @ArchTest
  static final ArchRule applicationCodeDependsOnPortsNotAdapters =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.gateway..")
          .and()
          .resideOutsideOfPackages(ADAPTERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS);
}
