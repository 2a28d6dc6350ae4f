package switchboard.guard.injection;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A text as the words an injection rule is matched against, with the common disguises taken off:
 * full-width letters and look-alike Cyrillic and Greek letters become Latin, accents are dropped
 * ({@code précédentes} → {@code precedentes}), zero-width characters vanish, Unicode tag characters
 * (invisible ASCII) are decoded into {@link #hidden}, leetspeak inside a word is read as letters
 * ({@code 1gn0r3} → {@code ignore}), and letters spelt out one by one ({@code i g n o r e}) are
 * joined and split into the rules' words. Each disguise met is counted: a disguised instruction is
 * more suspicious than a plain one.
 */
final class Words {

  /** Latin letters for the Cyrillic and Greek letters that look the same. */
  private static final String HOMOGLYPHS_FROM = "аеорсухіјѕԁɡοαειντρκυАВЕКМНОРСТХІЈЅΑΒΕΗΙΚΜΝΟΡΤΥΧ";

  private static final String HOMOGLYPHS_TO = "aeopcyxijsdgoaeivtpkuabekmhopctxijsabehikmnoptyx";

  private static final String[] FOLD = new String[0x180];

  static {
    for (char c = 0xC0; c < 0x180; c++) {
      String d = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
      FOLD[c] = d.substring(0, 1).toLowerCase(java.util.Locale.ROOT);
    }
    FOLD[0xDF] = "ss";
    FOLD[0xC6] = "ae";
    FOLD[0xE6] = "ae";
    FOLD[0x152] = "oe";
    FOLD[0x153] = "oe";
    FOLD[0xD8] = "o";
    FOLD[0xF8] = "o";
  }

  final List<String> words = new ArrayList<>();

  /** Per word: whether it stood inside quotation marks. */
  private final List<Boolean> inQuotes = new ArrayList<>();

  private boolean quoting;
  private int quoteStart;

  /** Quoted phrases people talk about are short; a long quoted run is a JSON string or a text. */
  private static final int MAX_QUOTED_PHRASE = 8;

  final StringBuilder hidden = new StringBuilder();
  int tagChars;
  int zeroWidthInWords;
  int disguisedWords;
  int spelledOut;

  private final StringBuilder word = new StringBuilder();
  private boolean letters;
  private boolean others;
  private boolean disguised;

  static Words of(String text, Set<String> vocabulary) {
    Words w = new Words();
    w.read(text);
    w.joinSpelledOut(vocabulary);
    return w;
  }

  private void read(String text) {
    int n = text.length();
    boolean afterFlag = false;
    for (int i = 0; i < n; ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        // Tag characters spell subdivision flags after U+1F3F4 (England's flag); elsewhere they
        // are ASCII made invisible.
        if (!afterFlag) {
          tagChars++;
          if (cp >= 0xE0020 && cp <= 0xE007E) {
            hidden.append((char) (cp - 0xE0000));
          }
        }
        i += width;
        continue;
      }
      afterFlag = cp == 0x1F3F4;
      if (isZeroWidth(cp)) {
        if (word.length() > 0 && i + width < n && Character.isLetter(text.codePointAt(i + width))) {
          zeroWidthInWords++;
          disguised = true;
        }
        i += width;
        continue;
      }
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        cp -= 0xFEE0;
        disguised = true;
      }
      int h = cp < 0x370 ? -1 : HOMOGLYPHS_FROM.indexOf(cp);
      if (h >= 0) {
        cp = HOMOGLYPHS_TO.charAt(h);
        disguised = true;
      }
      i += width;
      if (cp >= 'A' && cp <= 'Z') {
        cp += 'a' - 'A';
      }
      if (cp >= 'a' && cp <= 'z') {
        word.append((char) cp);
        letters = true;
      } else if (cp >= 0xC0 && cp < 0x180 && Character.isLetter(cp)) {
        word.append(FOLD[cp]);
        letters = true;
      } else if ((cp >= '0' && cp <= '9') || ((cp == '@' || cp == '$') && word.length() > 0)) {
        word.append((char) cp);
        others = true;
      } else if ((cp == '\'' || cp == '’')
          && word.length() > 2
          && i < n
          && Character.isLetter(text.charAt(i))) {
        // "don't" reads as "dont"; French elisions ("l'instruction") end the word instead.
        continue;
      } else if (Character.isLetter(cp)) {
        word.appendCodePoint(Character.toLowerCase(cp));
        letters = true;
      } else {
        endWord();
        if (cp == '"' || cp == '“' || cp == '”' || cp == '«' || cp == '»' || cp == '„') {
          if (quoting) {
            unquoteLongRun();
          }
          quoting = !quoting;
          quoteStart = words.size();
        }
      }
    }
    endWord();
    if (quoting) {
      unquoteLongRun();
    }
  }

  private void unquoteLongRun() {
    if (words.size() - quoteStart > MAX_QUOTED_PHRASE) {
      for (int k = quoteStart; k < inQuotes.size(); k++) {
        inQuotes.set(k, false);
      }
    }
  }

  /** Whether every word in {@code [start, end)} stood inside a short quotation. */
  boolean quoted(int start, int end) {
    if (inQuotes.size() != words.size()) {
      return false; // re-split spelled-out letters: positions no longer line up
    }
    for (int k = start; k < end; k++) {
      if (!inQuotes.get(k)) {
        return false;
      }
    }
    return true;
  }

  private void endWord() {
    if (word.length() == 0) {
      return;
    }
    if (letters) {
      String w = others ? leet(word) : word.toString();
      if (others || disguised) {
        disguisedWords++;
      }
      words.add(w);
      inQuotes.add(quoting);
    }
    word.setLength(0);
    letters = false;
    others = false;
    disguised = false;
  }

  private static String leet(CharSequence w) {
    StringBuilder b = new StringBuilder(w.length());
    for (int k = 0; k < w.length(); k++) {
      char c = w.charAt(k);
      b.append(
          switch (c) {
            case '0' -> 'o';
            case '1' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            case '8' -> 'b';
            default -> c;
          });
    }
    return b.toString();
  }

  private static boolean isZeroWidth(int cp) {
    return (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x2060 && cp <= 0x2064)
        || cp == 0xFEFF
        || cp == 0x00AD
        || cp == 0x180E;
  }

  /** Runs of four or more one-letter words are letters spelt out: join and re-split them. */
  private void joinSpelledOut(Set<String> vocabulary) {
    List<String> out = null;
    int i = 0;
    while (i < words.size()) {
      int j = i;
      while (j < words.size() && words.get(j).length() == 1) {
        j++;
      }
      if (j - i >= 4) {
        if (out == null) {
          out = new ArrayList<>(words.subList(0, i));
        }
        StringBuilder joined = new StringBuilder();
        for (int k = i; k < j; k++) {
          joined.append(words.get(k));
        }
        out.addAll(split(joined.toString(), vocabulary));
        spelledOut++;
        i = j;
      } else {
        if (out != null) {
          out.addAll(words.subList(i, Math.max(j, i + 1)));
        }
        i = Math.max(j, i + 1);
      }
    }
    if (out != null) {
      words.clear();
      words.addAll(out);
    }
  }

  /** Greedy longest-match split of joined letters into known words; unknown letters dropped. */
  static List<String> split(String joined, Set<String> vocabulary) {
    List<String> parts = new ArrayList<>();
    int p = 0;
    while (p < joined.length()) {
      int best = 0;
      for (int len = Math.min(20, joined.length() - p); len >= 2; len--) {
        if (vocabulary.contains(joined.substring(p, p + len))) {
          best = len;
          break;
        }
      }
      if (best == 0) {
        p++;
        continue;
      }
      int end = p + best;
      // A stem's word goes on to its ending: "instruction" + "s".
      while (end < joined.length()
          && end - p < 20
          && !startsKnown(joined, end, vocabulary)
          && Character.isLetter(joined.charAt(end))) {
        end++;
      }
      parts.add(joined.substring(p, end));
      p = end;
    }
    return parts;
  }

  private static boolean startsKnown(String s, int at, Set<String> vocabulary) {
    for (int len = Math.min(20, s.length() - at); len >= 2; len--) {
      if (vocabulary.contains(s.substring(at, at + len))) {
        return true;
      }
    }
    return false;
  }

  /** The same words read as ROT13, for instructions written in it. */
  Words rot13() {
    Words r = new Words();
    for (String w : words) {
      char[] c = w.toCharArray();
      for (int k = 0; k < c.length; k++) {
        if (c[k] >= 'a' && c[k] <= 'z') {
          c[k] = (char) ('a' + (c[k] - 'a' + 13) % 26);
        }
      }
      r.words.add(new String(c));
    }
    r.inQuotes.addAll(inQuotes);
    return r;
  }
}
