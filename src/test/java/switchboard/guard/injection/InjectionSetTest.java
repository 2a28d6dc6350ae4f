package switchboard.guard.injection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the shipped detector on the labelled set, and fails when it gets worse than what
 * docs/guardrails.md publishes. The printed table is what the docs quote.
 */
class InjectionSetTest {

  private static LabelledSet set;
  private static final InjectionDetector DETECTOR = new InjectionDetector();

  @BeforeAll
  static void load() throws IOException {
    set = LabelledSet.load();
  }

  @Test
  void meetsThePublishedPrecisionRecallAndFalsePositiveRates() {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    int ordinary = 0;
    int ordinaryFlagged = 0;
    int hard = 0;
    int hardFlagged = 0;
    Map<String, int[]> byCategory = new TreeMap<>();
    StringBuilder mistakes = new StringBuilder();
    for (LabelledSet.Example e : set.examples()) {
      InjectionVerdict v = DETECTOR.check(e.text());
      int[] c = byCategory.computeIfAbsent(e.category(), k -> new int[2]);
      c[0]++;
      if (v.flagged()) {
        c[1]++;
      }
      if (e.injection() && v.flagged()) {
        tp++;
      } else if (e.injection()) {
        fn++;
        mistakes.append(String.format("  missed %.2f %s%n", v.score(), shorten(e.text())));
      } else if (v.flagged()) {
        fp++;
        mistakes.append(
            String.format("  false  %.2f %s %s%n", v.score(), v.signals(), shorten(e.text())));
      } else {
        tn++;
      }
      if (e.category().equals("ordinary")) {
        ordinary++;
        ordinaryFlagged += v.flagged() ? 1 : 0;
      } else if (e.category().equals("hard-negative")) {
        hard++;
        hardFlagged += v.flagged() ? 1 : 0;
      }
    }
    double precision = tp / (double) (tp + fp);
    double recall = tp / (double) (tp + fn);
    double fpr = fp / (double) (fp + tn);
    System.out.printf(
        "injection set: %d examples, threshold %.2f%n  precision %.3f, recall %.3f, false-positive"
            + " rate %.3f (ordinary %d/%d, hard negatives %d/%d)%n",
        set.examples().size(),
        DETECTOR.threshold(),
        precision,
        recall,
        fpr,
        ordinaryFlagged,
        ordinary,
        hardFlagged,
        hard);
    byCategory.forEach((k, c) -> System.out.printf("  %-22s %3d flagged of %3d%n", k, c[1], c[0]));
    System.out.print(mistakes);

    assertThat(ordinary).isGreaterThanOrEqualTo(150);
    assertThat(ordinaryFlagged * 75)
        .as("ordinary prompts flagged, at most 1 in 75")
        .isLessThanOrEqualTo(ordinary);
    assertThat(precision).as("precision").isGreaterThanOrEqualTo(0.95);
    assertThat(recall).as("recall").isGreaterThanOrEqualTo(0.90);
    assertThat(hardFlagged / (double) hard).as("hard negatives flagged").isLessThanOrEqualTo(0.10);
  }

  private static String shorten(String s) {
    String one = s.replace('\n', ' ');
    return one.length() > 110 ? one.substring(0, 110) + "…" : one;
  }
}
