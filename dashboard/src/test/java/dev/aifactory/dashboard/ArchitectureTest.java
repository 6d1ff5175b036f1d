package dev.aifactory.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.aifactory.dashboard");

  @Test
  void talksToTheServicesOnlyThroughTheirApis() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.aifactory.common..", "org.springframework.jdbc..", "org.springframework.kafka..")
        .check(classes);
  }

  @Test
  void serviceClientsKnowNothingOfPagesOrLogin() {
    noClasses()
        .that()
        .resideInAPackage("..dashboard.services..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..dashboard.pages..", "..dashboard.login..")
        .check(classes);
  }
}
