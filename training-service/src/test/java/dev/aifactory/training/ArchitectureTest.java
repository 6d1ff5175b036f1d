package dev.aifactory.training;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.aifactory.training",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] ADAPTERS = {
    "..web..", "..jdbc..", "..messaging..", "..local..", "..files..", "..sagemaker..", "..http.."
  };

  @ArchTest
  static final ArchRule domainAndApplicationCodeUseNoWebJdbcOrKafkaTypes =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.training..")
          .and()
          .resideOutsideOfPackages(ADAPTERS)
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
              "ml.dmlc..",
              "tools.jackson..");

  @ArchTest
  static final ArchRule xgboostStaysInTheLocalLauncher =
      noClasses()
          .that()
          .resideOutsideOfPackage("..run.local..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ml.dmlc..");

  private static final String[] OWN_ADAPTERS = {
    "dev.aifactory.training..web..",
    "dev.aifactory.training..jdbc..",
    "dev.aifactory.training..messaging..",
    "dev.aifactory.training..local..",
    "dev.aifactory.training..files..",
    "dev.aifactory.training..sagemaker..",
    "dev.aifactory.training..http.."
  };

  @ArchTest
  static final ArchRule adaptersAreNotUsedByTheCore =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.training..")
          .and()
          .resideOutsideOfPackages(ADAPTERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(OWN_ADAPTERS);
}
