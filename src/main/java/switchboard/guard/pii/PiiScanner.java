package switchboard.guard.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every PII detector over a text and returns the findings without overlaps: where two
 * detectors claim the same characters, the more specific one wins (a credential over the e-mail
 * inside it, a card over the phone number its digits also form), then the longer one. The number
 * runs that cards, SSNs and phone numbers are judged from are found once. Thread-safe.
 */
public final class PiiScanner {

  /** Which type wins an overlap: the earlier in this list. */
  private static final List<PiiType> PRIORITY =
      List.of(
          PiiType.CREDENTIAL,
          PiiType.EMAIL_ADDRESS,
          PiiType.IBAN_CODE,
          PiiType.CREDIT_CARD,
          PiiType.US_SSN,
          PiiType.IP_ADDRESS,
          PiiType.PHONE_NUMBER,
          PiiType.STREET_ADDRESS,
          PiiType.PERSON);

  private final CardDetector cards = new CardDetector();
  private final SsnDetector ssns = new SsnDetector();
  private final PhoneDetector phones = new PhoneDetector();
  private final List<Detector> others =
      List.of(
          new CredentialDetector(),
          new EmailDetector(),
          new IbanDetector(),
          new IpDetector(),
          new AddressDetector(),
          new PersonDetector());

  /** Every finding in {@code text}, ordered by position, none overlapping another. */
  public List<PiiFinding> scan(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<PiiFinding> all = new ArrayList<>();
    for (NumberRun run : NumberRun.find(text)) {
      cards.find(text, run, all);
      ssns.find(text, run, all);
      phones.find(text, run, all);
    }
    for (Detector d : others) {
      d.find(text, all);
    }
    return resolve(all);
  }

  static List<PiiFinding> resolve(List<PiiFinding> all) {
    if (all.size() < 2) {
      return all;
    }
    all.sort(
        Comparator.comparingInt((PiiFinding f) -> PRIORITY.indexOf(f.type()))
            .thenComparingInt(f -> f.start() - f.end()));
    List<PiiFinding> kept = new ArrayList<>();
    for (PiiFinding f : all) {
      boolean free = true;
      for (PiiFinding k : kept) {
        if (f.start() < k.end() && k.start() < f.end()) {
          free = false;
          break;
        }
      }
      if (free) {
        kept.add(f);
      }
    }
    kept.sort(Comparator.comparingInt(PiiFinding::start));
    return kept;
  }
}
