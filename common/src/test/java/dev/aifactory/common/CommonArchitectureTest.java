package dev.aifactory.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.aifactory.common",
    importOptions = ImportOption.DoNotIncludeTests.class)
class CommonArchitectureTest {

  @ArchTest
  static final ArchRule commonDependsOnNoService =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.common..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.aifactory.ingestion..",
              "dev.aifactory.training..",
              "dev.aifactory.gateway..",
              "dev.aifactory.monitoring..",
              "dev.aifactory.policy..");

  @ArchTest
  static final ArchRule eventContractsAreFreeOfFrameworks =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.common.events..")
          .and()
          .doNotHaveSimpleName("IncomingEvent")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "software.amazon..", "org.apache.kafka..");
}
