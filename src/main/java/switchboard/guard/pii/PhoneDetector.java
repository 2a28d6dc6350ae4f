package switchboard.guard.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.List;

/**
 * Phone numbers, judged by libphonenumber (Google's metadata of every country's valid ranges and
 * formats) on each number run: international ({@code +49 30 1234567}, {@code 0044 …}) for any
 * country, national formats for the US, Germany, the UK and France. Only numbers whose digits are
 * grouped as that country writes them pass ({@link Leniency#STRICT_GROUPING}), which rejects dates
 * and most order numbers. A run of bare digits is a phone number only after a word such as "call"
 * or "phone"; one after "order", "tracking" or "ISBN" never is.
 */
final class PhoneDetector implements Detector {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Regions whose national formats are recognised, in the order tried. */
  private static final List<String> REGIONS = List.of("US", "DE", "GB", "FR");

  private static final String[] NOT_PHONE_CONTEXT = {
    "order", "tracking", "invoice", "isbn", "ref", "ticket", "serial", "version", "build", "case",
    "bestell", "sendung", "rechnung", "commande", "facture", "pedido", "factura", "#", "no.", "nr.",
    "account", "konto", "id ", "id:", "sku", "part", "po "
  };

  private static final String[] PHONE_CONTEXT = {
    "phone",
    "call",
    "tel",
    "mobile",
    "cell",
    "fax",
    "whatsapp",
    "sms",
    "text me",
    "reach me",
    "number",
    "ruf",
    "handy",
    "telefon",
    "nummer",
    "appel",
    "portable",
    "numéro",
    "llam",
    "teléfono",
    "móvil",
    "contact"
  };

  @Override
  public void find(String text, List<PiiFinding> out) {
    for (NumberRun run : NumberRun.find(text)) {
      find(text, run, out);
    }
  }

  void find(String text, NumberRun run, List<PiiFinding> out) {
    if (run.digits().length() > 15 + 4) {
      return;
    }
    String context = Chars.before(text, run.start(), 28);
    if (Chars.containsAny(lastWords(context), NOT_PHONE_CONTEXT)) {
      return;
    }
    boolean named = Chars.containsAny(context, PHONE_CONTEXT);
    for (String region : REGIONS) {
      for (PhoneNumberMatch m : UTIL.findNumbers(run.raw(), region, Leniency.STRICT_GROUPING, 4)) {
        String raw = m.rawString();
        if (plausible(raw, region, named)) {
          int start = run.start() + m.start();
          out.add(new PiiFinding(PiiType.PHONE_NUMBER, start, start + raw.length(), raw));
          return;
        }
      }
    }
  }

  /**
   * libphonenumber reads {@code 20240115} as a German national number without its trunk zero;
   * people never write one so. National numbers therefore need their trunk prefix (a leading 0)
   * outside the US, and bare digit strings need a phone word nearby.
   */
  private static boolean plausible(String raw, String region, boolean named) {
    boolean international = raw.startsWith("+") || raw.startsWith("00");
    String lead = raw.startsWith("(") ? raw.substring(1) : raw;
    if (!international && !region.equals("US") && !lead.startsWith("0")) {
      return false;
    }
    boolean bare = raw.chars().allMatch(c -> c >= '0' && c <= '9');
    return !bare || named;
  }

  /** The context's last two words: "order" three sentences back says nothing about this run. */
  private static String lastWords(String context) {
    String trimmed = context.stripTrailing();
    int cut = trimmed.lastIndexOf(' ');
    cut = cut > 0 ? trimmed.lastIndexOf(' ', cut - 1) : cut;
    return trimmed.substring(cut + 1);
  }
}
