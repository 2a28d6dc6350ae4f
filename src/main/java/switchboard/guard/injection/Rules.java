package switchboard.guard.injection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule set, read from {@code /guard/injection-rules.txt}, indexed by each rule's first words so
 * that a text is matched in one pass over its words with one hash look-up each.
 *
 * <p>A line is {@code weight category slot [~N[!w,w]] slot …}: a slot lists alternatives with
 * {@code |} ({@code instruction*} is a stem); {@code ~N} lets up to N other words stand before the
 * next slot, and {@code !w,w} names words that break that gap; a final {@code >!w,w} names words
 * that undo a match when they follow it.
 */
final class Rules {

  private final Map<String, List<Rule>> byFirstWord = new HashMap<>();
  private final Map<String, List<Rule>> byFirstStem = new HashMap<>();
  private final Set<String> vocabulary = new HashSet<>();
  private int count;

  static Rules load() {
    Rules rules = new Rules();
    try (InputStream in = Rules.class.getResourceAsStream("/guard/injection-rules.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (!line.isBlank() && !line.startsWith("#")) {
          rules.add(line.strip(), lineNo);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rules;
  }

  private void add(String line, int lineNo) {
    String[] parts = line.split("\\s+");
    double weight = Double.parseDouble(parts[0]);
    String id = parts[1] + "/" + lineNo;
    List<Slot> slots = new ArrayList<>();
    int gap = 0;
    Set<String> breakers = Set.of();
    Set<String> after = Set.of();
    for (int i = 2; i < parts.length; i++) {
      String p = parts[i];
      if (p.startsWith(">!")) {
        after = Set.of(p.substring(2).split(","));
        continue;
      }
      if (p.startsWith("~")) {
        int bang = p.indexOf('!');
        gap = Integer.parseInt(bang < 0 ? p.substring(1) : p.substring(1, bang));
        breakers = bang < 0 ? Set.of() : Set.of(p.substring(bang + 1).split(","));
        continue;
      }
      Set<String> exact = new HashSet<>();
      List<String> stems = new ArrayList<>();
      for (String alt : p.split("\\|")) {
        if (alt.endsWith("*")) {
          stems.add(alt.substring(0, alt.length() - 1));
        } else {
          exact.add(alt);
        }
        vocabulary.add(alt.endsWith("*") ? alt.substring(0, alt.length() - 1) : alt);
      }
      slots.add(new Slot(Set.copyOf(exact), List.copyOf(stems), gap, breakers));
      gap = 0;
      breakers = Set.of();
    }
    Rule rule = new Rule(id, weight, List.copyOf(slots), after);
    for (String w : slots.get(0).exact()) {
      byFirstWord.computeIfAbsent(w, k -> new ArrayList<>()).add(rule);
    }
    for (String s : slots.get(0).stems()) {
      if (s.length() < 3) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": a first-slot stem needs 3 letters");
      }
      byFirstStem.computeIfAbsent(s.substring(0, 3), k -> new ArrayList<>()).add(rule);
    }
    count++;
  }

  /**
   * Adds every rule that matches {@code words} to {@code hits}, its weight raised by {@code boost}
   * and halved when all its words stood in quotation marks (quoted, a phrase is talked about).
   *
   * @param base added to word positions so that spans of different passes never overlap
   */
  void match(Words words, int base, double boost, Hits hits) {
    List<String> w = words.words;
    for (int i = 0; i < w.size(); i++) {
      String word = w.get(i);
      List<Rule> exact = byFirstWord.get(word);
      if (exact != null) {
        for (Rule r : exact) {
          hit(r, words, i, base, boost, hits);
        }
      }
      List<Rule> stem = word.length() >= 3 ? byFirstStem.get(word.substring(0, 3)) : null;
      if (stem != null) {
        for (Rule r : stem) {
          if (r.slots().get(0).matches(word) && !r.slots().get(0).exact().contains(word)) {
            hit(r, words, i, base, boost, hits);
          }
        }
      }
    }
  }

  private static void hit(Rule r, Words words, int at, int base, double boost, Hits hits) {
    int end = r.matchFrom(words.words, at);
    if (end < 0) {
      return;
    }
    double weight = r.weight() + boost;
    if (words.quoted(at, end)) {
      weight /= 2;
    }
    hits.add(r.id(), weight, base + at, base + end);
  }

  /** Every word and stem the rules name: what letters spelt out one by one are split into. */
  Set<String> vocabulary() {
    return vocabulary;
  }

  int size() {
    return count;
  }
}
