package switchboard.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One rule per package row of docs/architecture.md ("may depend on"), and no cycle between any two
 * packages. A row names the package's own subpackages it covers and the packages of ours it may
 * use; anything else of ours is a violation (libraries and the JDK are not checked here, see {@link
 * LayeringTest}). When a row of the document changes, its rule here changes with it.
 */
class PackageRowsTest {

  private static JavaClasses main;

  /** A row: the packages it covers and the packages of ours they may depend on. */
  private record Row(List<String> packages, List<String> mayUse) {
    static Row of(String packages, String mayUse) {
      return new Row(split(packages), split(mayUse));
    }

    private static List<String> split(String names) {
      return names.isBlank() ? List.of() : List.of(names.trim().split("\\s+"));
    }
  }

  // Mirrors the table "Packages" in docs/architecture.md, top to bottom. `x` means package x only;
  // `x..` means x and its subpackages.
  private static final List<Row> ROWS =
      List.of(
          Row.of("model", ""),
          Row.of("pipeline", "model"),
          Row.of("wire", "pipeline model"),
          Row.of("wire.sse wire.openai", "wire pipeline model"),
          Row.of(
              "wire.anthropic.. wire.gemini wire.bedrock",
              "wire wire.sse wire.openai pipeline model"),
          Row.of("wire.responses", "wire wire.sse wire.openai pipeline model"),
          Row.of("provider", "wire.. pipeline model"),
          Row.of(
              "provider.compatible.. provider.anthropic.. provider.google.. provider.bedrock..",
              "provider wire.. pipeline model"),
          Row.of("provider.simulated..", "provider provider.bedrock wire.. pipeline model"),
          Row.of("upstream..", "provider pipeline model"),
          Row.of("media..", "provider pipeline model"),
          Row.of("observe", ""),
          Row.of("route..", "provider upstream.. wire.. pipeline observe media.. model"),
          Row.of("cache..", "pipeline model access wire.. route usage"),
          Row.of("guard..", "pipeline model"),
          Row.of("conversation..", ""),
          Row.of("usage..", "pipeline route observe provider wire.. model"),
          Row.of("access..", "pipeline route usage provider model"),
          Row.of("observe.trace..", "usage route provider pipeline model observe"),
          Row.of("analytics..", "usage route provider pipeline model"),
          Row.of(
              "config..",
              "provider.. access.. usage.. route.. upstream.. pipeline guard.. wire.. model"),
          Row.of("dashboard..", ""));

  @BeforeAll
  static void load() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("switchboard");
  }

  @TestFactory
  Stream<DynamicTest> eachPackageUsesOnlyWhatItsRowAllows() {
    return ROWS.stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    String.join(" ", row.packages()) + " -> " + String.join(" ", row.mayUse()),
                    () -> check(row)));
  }

  private static void check(Row row) {
    List<String> own = new ArrayList<>();
    for (String p : row.packages()) {
      own.add(qualified(p));
    }
    List<String> allowed = new ArrayList<>(own);
    for (String p : row.mayUse()) {
      allowed.add(qualified(p));
    }
    noClasses()
        .that()
        .resideInAnyPackage(own.toArray(String[]::new))
        .should()
        .dependOnClassesThat(
            resideInAPackage("switchboard..")
                .and(not(resideInAnyPackage(allowed.toArray(String[]::new)))))
        .because("docs/architecture.md lets " + own + " depend only on " + row.mayUse())
        // check() is the assertion: it throws, listing every offending dependency.
        .check(main);
  }

  private static String qualified(String name) {
    return "switchboard." + name;
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("switchboard.(**)").should().beFreeOfCycles().check(main);
  }
}
