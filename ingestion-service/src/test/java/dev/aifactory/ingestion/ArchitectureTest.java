package dev.aifactory.ingestion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.aifactory.ingestion",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Domain and application code: the feature packages themselves, without adapter subpackages. */
  private static final String[] CORE = {
    "dev.aifactory.ingestion.dataset",
    "dev.aifactory.ingestion.dataset.profile",
    "dev.aifactory.ingestion.idempotency",
    "dev.aifactory.ingestion.quality",
    "dev.aifactory.ingestion.classification",
    "dev.aifactory.ingestion.catalog",
    "dev.aifactory.ingestion.grants"
  };

  private static final String[] ADAPTERS = {
    "dev.aifactory.ingestion.dataset.web..",
    "dev.aifactory.ingestion.dataset.jdbc..",
    "dev.aifactory.ingestion.dataset.csv..",
    "dev.aifactory.ingestion.dataset.jsonl..",
    "dev.aifactory.ingestion.dataset.parquet..",
    "dev.aifactory.ingestion.dataset.local..",
    "dev.aifactory.ingestion.dataset.aws..",
    "dev.aifactory.ingestion.idempotency.jdbc..",
    "dev.aifactory.ingestion.quality.web..",
    "dev.aifactory.ingestion.quality.jdbc..",
    "dev.aifactory.ingestion.classification.web..",
    "dev.aifactory.ingestion.classification.jdbc..",
    "dev.aifactory.ingestion.catalog.jdbc..",
    "dev.aifactory.ingestion.catalog.aws..",
    "dev.aifactory.ingestion.grants.jdbc..",
    "dev.aifactory.ingestion.grants.local..",
    "dev.aifactory.ingestion.grants.web..",
    "dev.aifactory.ingestion.grants.aws..",
    "dev.aifactory.ingestion.lineage.."
  };

  @ArchTest
  static final ArchRule coreImportsNoWebJdbcOrKafkaTypes =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
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
              "org.apache.commons.csv..",
              "tools.jackson..",
              "software.amazon..");

  @ArchTest
  static final ArchRule coreDoesNotDependOnAdapters =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS);

  @ArchTest
  static final ArchRule adaptersArePackagePrivate =
      classes()
          .that()
          .resideInAnyPackage(ADAPTERS)
          .and()
          .areTopLevelClasses()
          .should()
          .notBePublic();

  @ArchTest
  static final ArchRule noImplOrDtoNames =
      noClasses()
          .should()
          .haveSimpleNameEndingWith("Impl")
          .orShould()
          .haveSimpleNameEndingWith("DTO")
          .orShould()
          .haveSimpleNameEndingWith("Dto");
}
