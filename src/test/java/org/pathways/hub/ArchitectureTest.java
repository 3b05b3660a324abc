package org.pathways.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependencies pointing the way the data flows: receive, vault, pipeline, then the plain
 * stages (detect, parse, validate, load); the kernel and the plain stages know nothing of Spring or
 * of the database, and nothing reads the system clock.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.pathways.hub");
  }

  @Test
  void plainStagesUseNeitherSpringNorTheDatabase() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..hub.parse..", "..hub.validate..", "..hub.profile..", "..hub.generate..")
        .or()
        .resideInAPackage("..hub.district..")
        .and()
        .doNotHaveSimpleName("DistrictRepository")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..")
        .check(classes);
  }

  @Test
  void dependenciesFollowTheDataFlow() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("cli")
        .definedBy("..hub.cli..")
        .layer("demo")
        .definedBy("..hub.demo..")
        .layer("web")
        .definedBy("..hub.web..")
        .layer("system")
        .definedBy("..hub.system..")
        .layer("receive")
        .definedBy("..hub.receive..")
        .layer("audit")
        .definedBy("..hub.audit..")
        .layer("access")
        .definedBy("..hub.access..")
        .layer("onboarding")
        .definedBy("..hub.onboarding..")
        .layer("kit")
        .definedBy("..hub.kit..")
        .layer("alert")
        .definedBy("..hub.alert..")
        .layer("monitor")
        .definedBy("..hub.monitor..")
        .layer("serve")
        .definedBy("..hub.serve..")
        .layer("pipeline")
        .definedBy("..hub.pipeline..")
        .layer("vault")
        .definedBy("..hub.vault..")
        .layer("load")
        .definedBy("..hub.load..")
        .layer("validate")
        .definedBy("..hub.validate..")
        .layer("parse")
        .definedBy("..hub.parse..")
        .layer("profile")
        .definedBy("..hub.profile..")
        .layer("generate")
        .definedBy("..hub.generate..")
        .layer("district")
        .definedBy("..hub.district..")
        .whereLayer("cli")
        .mayOnlyBeAccessedByLayers("system")
        .whereLayer("demo")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("web")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("receive")
        .mayOnlyBeAccessedByLayers("cli", "web", "system", "demo", "onboarding", "kit")
        .whereLayer("audit")
        .mayOnlyBeAccessedByLayers("cli", "web", "system", "receive", "serve", "onboarding")
        .whereLayer("alert")
        .mayOnlyBeAccessedByLayers("web", "system", "demo")
        .whereLayer("monitor")
        .mayOnlyBeAccessedByLayers("cli", "web", "system", "demo", "alert")
        .whereLayer("kit")
        .mayOnlyBeAccessedByLayers("web")
        .whereLayer("onboarding")
        // The nightly API pull asks which districts' data arrives by API.
        .mayOnlyBeAccessedByLayers("cli", "web", "system", "demo", "monitor", "kit", "receive")
        .whereLayer("access")
        .mayOnlyBeAccessedByLayers("cli", "web", "system", "demo", "receive", "onboarding", "alert")
        .whereLayer("pipeline")
        .mayOnlyBeAccessedByLayers(
            "cli", "demo", "web", "system", "serve", "receive", "onboarding", "monitor", "kit")
        .whereLayer("load")
        .mayOnlyBeAccessedByLayers("pipeline")
        .whereLayer("validate")
        .mayOnlyBeAccessedByLayers("pipeline", "system")
        .whereLayer("parse")
        // The OneRoster source reads its CSV zips with the same bounded unpacker and reader.
        .mayOnlyBeAccessedByLayers("pipeline", "validate", "load", "system", "generate", "receive")
        .whereLayer("vault")
        // Alerts keep a district's webhook address encrypted by the master key.
        .mayOnlyBeAccessedByLayers("pipeline", "system", "demo", "web", "cli", "receive", "alert")
        .whereLayer("generate")
        // The export kit's sample files are generated districts, as the demo's are.
        .mayOnlyBeAccessedByLayers("cli", "demo", "kit")
        .check(classes);
  }

  @Test
  void nothingReadsTheSystemClock() {
    for (Class<?> time :
        new Class<?>[] {
          Instant.class,
          LocalDate.class,
          LocalDateTime.class,
          OffsetDateTime.class,
          ZonedDateTime.class
        }) {
      noClasses()
          .should()
          .callMethod(time, "now")
          .because("time comes from the injected Clock")
          .check(classes);
    }
    noClasses().should().callMethod(System.class, "currentTimeMillis").check(classes);
  }

  @Test
  void noFieldInjection() {
    noFields()
        .should()
        .beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
        .because("dependencies come through constructors")
        .check(classes);
  }
}
