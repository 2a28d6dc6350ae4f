package switchboard.guard.injection;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scores how much a text looks like a prompt injection, locally, with no model: weighted rules over
 * the text's normalised words ({@link Words}: disguises taken off), in English, German, French and
 * Spanish; the same rules over the words read as ROT13, over text hidden in tag characters, and
 * over base64 and hex that decode to text; fake chat-template tokens; and the disguises themselves.
 * Independent signals add up as {@code 1 - Π(1 - weight)}.
 *
 * <p>False positives on ordinary prompts are the main risk, so the rules name the object of an
 * override ("ignore previous <b>instructions</b>", not "ignore my last e-mail"), a possessive
 * breaks them ("ignore <b>my</b> previous instructions" is the user's own business), and a text
 * that talks <i>about</i> injections (detection, examples, defences) has its rule signals damped.
 * docs/guardrails.md has the measured precision, recall and false-positive rate. Thread-safe.
 */
public final class InjectionDetector {

  /** The shipped threshold: tuned so ordinary prompts are flagged at most 1 in 75 times. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private static final Rules RULES = Rules.load();

  private static final String[] TEMPLATE_TOKENS = {
    "<|im_start|>",
    "<|im_end|>",
    "<|system|>",
    "<|user|>",
    "<|assistant|>",
    "<|endoftext|>",
    "<|begin_of_text|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<|eot_id|>",
    "[inst]",
    "[/inst]",
    "<<sys>>",
    "<</sys>>",
    "<start_of_turn>",
    "<end_of_turn>"
  };

  /** Markers people also write by hand (a pasted transcript, a prompt's own XML sections). */
  private static final String[] WEAK_TEMPLATE_TOKENS = {
    "\n\nhuman:", "\n\nassistant:", "### system:", "</system>", "<system>"
  };

  /** Words of texts that discuss injections rather than perform them. */
  private static final Set<String> META =
      Set.of(
          "injection",
          "injections",
          "detect",
          "detection",
          "detector",
          "classifier",
          "defend",
          "defense",
          "defence",
          "mitigate",
          "mitigation",
          "guardrail",
          "guardrails",
          "examples",
          "researchers",
          "pattern",
          "patterns",
          "tokenizer",
          "template",
          "chatml",
          "dataset");

  /** Template tokens are one piece of evidence however many appear: they come together. */
  private static final int TEMPLATE_SPAN = -4;

  private final double threshold;

  public InjectionDetector(double threshold) {
    this.threshold = threshold;
  }

  public InjectionDetector() {
    this(DEFAULT_THRESHOLD);
  }

  public double threshold() {
    return threshold;
  }

  public InjectionVerdict check(String text) {
    return check(text, threshold);
  }

  /** The verdict at {@code threshold} (the one in force: operators change it at run time). */
  public InjectionVerdict check(String text, double threshold) {
    if (text.isEmpty()) {
      return InjectionVerdict.clean(threshold);
    }
    Hits hits = new Hits();
    Words words = Words.of(text, RULES.vocabulary());
    double disguise = words.disguisedWords > 0 || words.spelledOut > 0 ? 0.1 : 0;
    int pass = 0;
    RULES.match(words, 0, disguise, hits);
    RULES.match(words.rot13(), ++pass << 24, 0.1, hits);
    if (words.hidden.length() > 0) {
      RULES.match(Words.of(words.hidden.toString(), RULES.vocabulary()), ++pass << 24, 0.2, hits);
    }
    for (String decoded : Encoded.texts(text)) {
      RULES.match(Words.of(decoded, RULES.vocabulary()), ++pass << 24, 0.1, hits);
    }
    templates(text, hits);
    if (meta(words.words)) {
      hits.dampen(0.55);
    }
    if (words.tagChars >= 8) {
      hits.add("obfuscation/tag-characters", 0.6);
    }
    if (words.zeroWidthInWords >= 3) {
      hits.add("obfuscation/zero-width", 0.2);
    }
    double score = hits.score();
    return new InjectionVerdict(score, score >= threshold, threshold, hits.ids());
  }

  private static void templates(String text, Hits hits) {
    if (text.indexOf('<') < 0
        && text.indexOf('[') < 0
        && text.indexOf('#') < 0
        && text.indexOf("\n\n") < 0) {
      return;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String token : TEMPLATE_TOKENS) {
      if (lower.contains(token)) {
        hits.add("template/" + token.strip(), 0.8, TEMPLATE_SPAN, TEMPLATE_SPAN + 1);
      }
    }
    for (String token : WEAK_TEMPLATE_TOKENS) {
      if (lower.contains(token)) {
        hits.add("template/" + token.strip(), 0.4, TEMPLATE_SPAN, TEMPLATE_SPAN + 1);
      }
    }
  }

  private static boolean meta(List<String> words) {
    for (String w : words) {
      if (META.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
