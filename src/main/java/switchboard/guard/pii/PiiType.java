package switchboard.guard.pii;

/**
 * The kinds of personal data the gateway finds, named as Microsoft Presidio names them so that
 * findings can be compared with (or replaced by) a Presidio deployment. {@link #CREDENTIAL} has no
 * Presidio counterpart: API keys and tokens leak as often as personal data does.
 */
public enum PiiType {
  EMAIL_ADDRESS("EMAIL"),
  PHONE_NUMBER("PHONE"),
  CREDIT_CARD("CARD"),
  IBAN_CODE("IBAN"),
  US_SSN("SSN"),
  IP_ADDRESS("IP"),
  CREDENTIAL("SECRET"),
  PERSON("PERSON"),
  STREET_ADDRESS("ADDRESS");

  private final String label;

  PiiType(String label) {
    this.label = label;
  }

  /** The short name used in placeholders, e.g. {@code EMAIL} in {@code [EMAIL_1]}. */
  public String label() {
    return label;
  }
}
