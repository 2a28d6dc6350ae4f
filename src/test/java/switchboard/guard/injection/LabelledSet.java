package switchboard.guard.injection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled prompts of src/test/resources/guard/injection-set.tsv. */
record LabelledSet(List<Example> examples) {

  record Example(boolean injection, String category, String text) {}

  static LabelledSet load() throws IOException {
    List<Example> examples = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                LabelledSet.class.getResourceAsStream("/guard/injection-set.tsv"),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", 3);
        examples.add(new Example(f[0].equals("1"), f[1], unescape(f[2])));
      }
    }
    return new LabelledSet(List.copyOf(examples));
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
