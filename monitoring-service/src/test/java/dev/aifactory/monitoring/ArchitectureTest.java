package dev.aifactory.monitoring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.aifactory.monitoring",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] ADAPTERS = {"..web..", "..jdbc..", "..messaging..", "..http.."};

  @ArchTest
  static final ArchRule domainAndApplicationCodeIsFreeOfWebJdbcAndKafka =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.monitoring..")
          .and()
          .resideOutsideOfPackages(ADAPTERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework.web..",
              "org.springframework.http..",
              "org.springframework.jdbc..",
              "org.springframework.kafka..",
              "org.apache.kafka..",
              "java.sql..",
              "jakarta.servlet..",
              "tools.jackson..",
              "dev.aifactory.common.web..",
              "dev.aifactory.common.inbox..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.aifactory.common.events.IncomingEvent");

  @ArchTest
  static final ArchRule statisticsKnowNothingOfWindowsOrBaselines =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.monitoring.drift..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.aifactory.monitoring.window..", "dev.aifactory.monitoring.baseline..");

  @ArchTest
  static final ArchRule onlyTheAwsAdaptersKnowTheAwsSdk =
      noClasses()
          .that()
          .resideInAPackage("dev.aifactory.monitoring..")
          .and()
          .resideOutsideOfPackages("..cloudwatch..", "..export..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("software.amazon.awssdk..", "io.micrometer.cloudwatch2..");

  @ArchTest
  static final ArchRule adaptersDoNotCallEachOther =
      noClasses()
          .that()
          .resideInAPackage("..web..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..jdbc..", "..messaging..");
}
