package dev.aifactory.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.aifactory.policy",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] ADAPTER_PACKAGES = {"..web..", "..jdbc..", "..messaging.."};

  @ArchTest
  static final ArchRule domainAndApplicationCodeUseNoWebJdbcOrKafkaTypes =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.policy..")
          .and()
          .resideOutsideOfPackages(ADAPTER_PACKAGES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework.web..",
              "org.springframework.http..",
              "jakarta.servlet..",
              "org.springframework.jdbc..",
              "java.sql..",
              "org.apache.kafka..",
              "org.springframework.kafka..",
              "org.springframework.security.web..");

  @ArchTest
  static final ArchRule domainAndApplicationCodeDoNotDependOnAdapters =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.policy..")
          .and()
          .resideOutsideOfPackages(ADAPTER_PACKAGES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.aifactory.policy..web..",
              "dev.aifactory.policy..jdbc..",
              "dev.aifactory.policy..messaging..");

  @ArchTest
  static final ArchRule domainDoesNotDependOnServiceModules =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.policy..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.aifactory.ingestion..",
              "dev.aifactory.training..",
              "dev.aifactory.gateway..",
              "dev.aifactory.monitoring..");
}
