package switchboard.guard.injection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The signals found in one text. Rules that fire on overlapping words are one piece of evidence and
 * count once, at the highest weight; separate pieces add up as {@code 1 - Π(1 - weight)}.
 */
final class Hits {

  private record Hit(String id, double weight, int start, int end) {}

  private final List<Hit> hits = new ArrayList<>();
  private int nextOwnSpan = Integer.MIN_VALUE;

  void add(String id, double weight, int start, int end) {
    hits.add(new Hit(id, Math.min(1.0, weight), start, end));
  }

  /** A signal that overlaps no other: a template token, a disguise. */
  void add(String id, double weight) {
    int span = nextOwnSpan;
    nextOwnSpan += 2;
    add(id, weight, span, span + 1);
  }

  boolean isEmpty() {
    return hits.isEmpty();
  }

  /** Scales every rule signal (not the disguise signals) by {@code factor}. */
  void dampen(double factor) {
    hits.replaceAll(
        h ->
            h.id().startsWith("obfuscation/")
                ? h
                : new Hit(h.id(), h.weight() * factor, h.start(), h.end()));
  }

  double score() {
    List<Hit> sorted = new ArrayList<>(hits);
    sorted.sort(Comparator.comparingInt(Hit::start));
    double clean = 1;
    int groupEnd = Integer.MIN_VALUE;
    double groupMax = 0;
    for (Hit h : sorted) {
      if (h.start() >= groupEnd) {
        clean *= 1 - groupMax;
        groupMax = 0;
      }
      groupMax = Math.max(groupMax, h.weight());
      groupEnd = Math.max(groupEnd, h.end());
    }
    clean *= 1 - groupMax;
    return 1 - clean;
  }

  List<String> ids() {
    Set<String> ids = new LinkedHashSet<>();
    for (Hit h : hits) {
      ids.add(h.id());
    }
    return List.copyOf(ids);
  }
}
