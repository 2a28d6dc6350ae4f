package switchboard.guard.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses, only where the street type word makes them unmistakable: English "12 Baker
 * Street" (number, capitalised words, a street type), German "Hauptstraße 5" and "Berliner Straße
 * 12a", French "12 rue de la Paix", Spanish "Calle de Alcalá 45". No gazetteer of streets exists
 * here, so an address without its street type ("Unter den Linden 6") is not found; precision was
 * preferred (see docs/guardrails.md for the measured numbers). Each pattern runs only when its
 * street words occur in the text at all.
 */
final class AddressDetector implements Detector {

  private static final String CAP = "[A-ZÄÖÜÀ-ÖØ-Þ][\\p{L}'’.-]+";

  private static final Pattern ENGLISH =
      Pattern.compile(
          "\\b\\d{1,5}[A-Za-z]?,? (?:"
              + CAP
              + " ){1,3}(?:Street|St\\.|Avenue|Ave\\.?|Road|Rd\\.|Boulevard|Blvd\\.?|Lane|Drive"
              + "|Court|Place|Way|Terrace|Parkway|Square|Highway|Crescent|Close|Row|Gardens)\\b");

  private static final Pattern GERMAN =
      Pattern.compile(
          "\\b(?:[A-ZÄÖÜ][a-zäöüß]{2,}(?:straße|strasse|str\\.|weg|allee|platz|gasse|damm|ufer)"
              + "|[A-ZÄÖÜ][a-zäöüß]+e[rn]? (?:Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Damm))"
              + " \\d{1,4} ?[a-z]?\\b");

  private static final Pattern FRENCH =
      Pattern.compile(
          "\\b\\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|boulevard|bd|place|allée|impasse|chemin"
              + "|quai|cours) (?:(?:de la|de l'|de|du|des|d'|la|le|l') ?)?"
              + CAP
              + "(?: (?:de |du |des )?"
              + CAP
              + "){0,3}");

  private static final Pattern SPANISH =
      Pattern.compile(
          "\\b(?:Calle|C/|Avenida|Avda\\.|Plaza|Paseo|Carrer|Rua)"
              + " (?:(?:de la|de los|de las|del|de) )?"
              + CAP
              + "(?: "
              + CAP
              + "){0,3},? (?:n[º°o]\\.? ?)?\\d{1,4}\\b");

  @Override
  public void find(String text, List<PiiFinding> out) {
    if (Chars.containsAny(
        text,
        "Street",
        "St.",
        "Ave",
        "Road",
        "Rd.",
        "Blvd",
        "Boulevard",
        "Lane",
        "Drive",
        "Court",
        "Place",
        "Way",
        "Terrace",
        "Parkway",
        "Square",
        "Highway",
        "Crescent",
        "Close",
        "Row",
        "Gardens")) {
      add(ENGLISH, text, out);
    }
    if (Chars.containsAny(
        text, "stra", "Stra", "str.", "Str.", "weg", "Weg", "allee", "Allee", "platz", "Platz",
        "gasse", "Gasse", "damm", "Damm", "ufer")) {
      add(GERMAN, text, out);
    }
    if (Chars.containsAny(
        text,
        " rue ",
        " avenue ",
        " boulevard ",
        " bd ",
        " place ",
        " allée ",
        " impasse ",
        " chemin ",
        " quai ",
        " cours ")) {
      add(FRENCH, text, out);
    }
    if (Chars.containsAny(
        text, "Calle ", "C/", "Avenida ", "Avda.", "Plaza ", "Paseo ", "Carrer ")) {
      add(SPANISH, text, out);
    }
  }

  private static void add(Pattern pattern, String text, List<PiiFinding> out) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(new PiiFinding(PiiType.STREET_ADDRESS, m.start(), m.end(), m.group()));
    }
  }
}
