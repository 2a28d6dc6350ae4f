package switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled main classes. Each rule's
 * {@code check} is the assertion: it throws an AssertionError naming every violating dependency.
 */
class LayeringTest {

  private static JavaClasses main;

  @BeforeAll
  static void load() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("switchboard");
  }

  @Test
  void codecsAndProvidersDoNoIo() {
    // Pure: no HTTP client or server, no JDBC, no files. HttpMethod is a value, not I/O.
    noClasses()
        .that()
        .resideInAnyPackage(
            "switchboard.model..",
            "switchboard.wire..",
            "switchboard.provider",
            "switchboard.provider.compatible..",
            "switchboard.provider.anthropic..",
            "switchboard.provider.google..",
            "switchboard.provider.bedrock..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "java.nio.file..")
        .orShould()
        .dependOnClassesThat()
        .haveNameMatching("io\\.vertx\\.core\\.http\\.(?!HttpMethod$).*")
        .check(main);
  }

  @Test
  void theCanonicalRecordsDependOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("switchboard.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "switchboard.wire..",
            "switchboard.provider..",
            "switchboard.route..",
            "switchboard.http..",
            "switchboard.access..",
            "switchboard.usage..",
            "switchboard.store..")
        .check(main);
  }

  @Test
  void theStoredResponsesPortDependsOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("switchboard.conversation..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "switchboard.wire..",
            "switchboard.provider..",
            "switchboard.route..",
            "switchboard.http..",
            "switchboard.access..",
            "switchboard.usage..",
            "switchboard.store..",
            "switchboard.pipeline..")
        .check(main);
  }

  @Test
  void onlyTheWiringClassKnowsTheStores() {
    noClasses()
        .that()
        .resideOutsideOfPackage("switchboard.store..")
        .and()
        .doNotHaveFullyQualifiedName("switchboard.Gateway")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("switchboard.store..")
        .check(main);
  }

  @Test
  void nothingBelowTheInboundApisKnowsThem() {
    noClasses()
        .that()
        .resideOutsideOfPackages("switchboard.http..", "switchboard.admin..")
        .and()
        .doNotHaveFullyQualifiedName("switchboard.Gateway")
        .and()
        .doNotHaveFullyQualifiedName("switchboard.Main")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("switchboard.http..", "switchboard.admin..")
        .check(main);
  }

  @Test
  void codecsDoNotReachUpIntoRoutingOrTheTransport() {
    noClasses()
        .that()
        .resideInAnyPackage("switchboard.wire..", "switchboard.provider..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "switchboard.route..",
            "switchboard.upstream..",
            "switchboard.access..",
            "switchboard.usage..")
        .check(main);
  }

  @Test
  void theMediaFetcherKnowsNothingOfRoutingOrTheInboundApis() {
    // It serves the dispatcher and is handed providers; it must not reach back up.
    noClasses()
        .that()
        .resideInAPackage("switchboard.media..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "switchboard.route..",
            "switchboard.http..",
            "switchboard.upstream..",
            "switchboard.access..",
            "switchboard.usage..",
            "switchboard.store..")
        .check(main);
  }

  @Test
  void theGuardrailDetectorsArePure() {
    // PII and injection detection run on the event loop for every request: no I/O, no routing.
    noClasses()
        .that()
        .resideInAnyPackage("switchboard.guard.pii..", "switchboard.guard.injection..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..",
            "java.nio.file..",
            "io.vertx..",
            "switchboard.route..",
            "switchboard.upstream..",
            "switchboard.store..")
        .check(main);
  }
}
