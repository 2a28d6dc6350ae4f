package switchboard.analytics;

import java.util.Arrays;
import java.util.Locale;

/**
 * The dimensions requests are filtered and broken down by (SPEC §4). A missing value (no policy, a
 * request without a key) is the empty string in storage and null in answers.
 */
public enum Dimension {
  KEY("key", "key_id"),
  MODEL("model", "model"),
  PROVIDER("provider", "provider"),
  POLICY("policy", "policy"),
  TAG("tag", "tag"),
  STATUS("status", "status");

  private final String label;
  private final String param;

  Dimension(String label, String param) {
    this.label = label;
    this.param = param;
  }

  /** The name in {@code by=} and in storage. */
  public String label() {
    return label;
  }

  /** The query parameter that filters on it. */
  public String param() {
    return param;
  }

  /** The dimension named {@code label} in {@code by=}, or null. */
  public static Dimension byLabel(String label) {
    String l = label.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(d -> d.label.equals(l)).findFirst().orElse(null);
  }
}
