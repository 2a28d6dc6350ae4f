package switchboard.guard.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names, where a local method is dependable without a named-entity model: a name after a
 * title ({@code Mr.}, {@code Dr.}, {@code Frau}, {@code Mme}, {@code Sra.} …), and a common given
 * name (a list of about 250 from the US, UK, Germany, France and Spain, ambiguous words left out)
 * followed by a capitalised surname. A lone given name ("ask Anna") is not found, nor a name of
 * another culture without a title; docs/guardrails.md gives the measured precision and recall.
 */
final class PersonDetector implements Detector {

  private static final String NAME =
      "[A-ZÄÖÜÀ-ÖØ-Þ][a-zäöüßà-öø-ÿ]+(?:-[A-ZÄÖÜÀ-ÖØ-Þ][a-zäöüßà-öø-ÿ]+)?";

  private static final Pattern TITLED =
      Pattern.compile(
          "\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|Monsieur|Madame|Mme|Mlle|Señor|Señora|Sr|Sra"
              + "|Srta|Doña)\\.? ("
              + NAME
              + "(?: "
              + NAME
              + ")?)");

  private static final Pattern GIVEN_THEN_SURNAME =
      Pattern.compile(
          "\\b(" + NAME + ") (?:[A-Z]\\. )?((?:(?:von|van|de|del|da|le) )?" + NAME + ")");

  /** Capitalised words that follow a given name without being a surname. */
  private static final Set<String> NOT_SURNAMES =
      Set.of(
          "Street",
          "Road",
          "Avenue",
          "Straße",
          "Platz",
          "Monday",
          "Tuesday",
          "Wednesday",
          "Thursday",
          "Friday",
          "Saturday",
          "Sunday",
          "January",
          "February",
          "March",
          "April",
          "June",
          "July",
          "August",
          "September",
          "October",
          "November",
          "December",
          "University",
          "School",
          "Hospital",
          "Church",
          "Foundation",
          "Award",
          "Prize",
          "Bridge",
          "Park",
          "Hall");

  private static final Set<String> GIVEN = load();

  @Override
  public void find(String text, List<PiiFinding> out) {
    Matcher t = TITLED.matcher(text);
    while (t.find()) {
      out.add(new PiiFinding(PiiType.PERSON, t.start(1), t.end(1), t.group(1)));
    }
    Matcher g = GIVEN_THEN_SURNAME.matcher(text);
    int from = 0;
    while (g.find(from)) {
      from = g.end(1) + 1;
      if (GIVEN.contains(g.group(1)) && !NOT_SURNAMES.contains(g.group(2))) {
        out.add(new PiiFinding(PiiType.PERSON, g.start(), g.end(), g.group()));
        from = g.end();
      }
      if (from >= text.length()) {
        return;
      }
    }
  }

  private static Set<String> load() {
    Set<String> names = new HashSet<>();
    try (InputStream in = PersonDetector.class.getResourceAsStream("/guard/given-names.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(names);
  }
}
