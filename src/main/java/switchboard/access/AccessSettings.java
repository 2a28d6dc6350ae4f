package switchboard.access;

import java.util.List;
import java.util.Map;

/**
 * The config file's governance sections ({@code keys}, {@code teams}, {@code alerts}, {@code
 * budgets}). Immutable.
 *
 * @param keys keys declared in the file, without secrets in it (a {@code ${VAR}} or a digest)
 * @param teamBudgets budgets per owner/team tag, shared by every key with that owner
 * @param alerts where and how budget alerts are delivered
 * @param defaultAlerts alert thresholds of budgets that name none
 * @param defaultMaxOutputTokens the output a reservation assumes when a request sets no {@code
 *     max_tokens} (capped by the model's own maximum)
 */
public record AccessSettings(
    List<DeclaredKey> keys,
    Map<String, Budget> teamBudgets,
    AlertSettings alerts,
    List<Integer> defaultAlerts,
    long defaultMaxOutputTokens) {

  public static final long DEFAULT_MAX_OUTPUT = 4096;
  public static final AccessSettings NONE =
      new AccessSettings(
          List.of(), Map.of(), AlertSettings.NONE, Budget.DEFAULT_ALERTS, DEFAULT_MAX_OUTPUT);

  public AccessSettings {
    keys = List.copyOf(keys);
    teamBudgets = Map.copyOf(teamBudgets);
    defaultAlerts = List.copyOf(defaultAlerts);
  }

  /**
   * A key declared in the config file.
   *
   * @param secret the secret (from {@code ${VAR}}), or null when {@code sha256} is given
   * @param sha256 the hex SHA-256 of the secret, or null
   */
  public record DeclaredKey(KeySpec spec, String secret, String sha256) {
    @Override
    public String toString() {
      return "DeclaredKey[" + spec.name() + "]"; // never the secret
    }
  }

  /**
   * Budget alert delivery.
   *
   * @param webhookUrl POSTed a signed JSON body per alert, or null for none
   * @param webhookSecret the HMAC-SHA256 key of the signature header; may be empty
   * @param retryBaseMillis the first retry's delay; each next one doubles
   * @param maxAttempts deliveries tried before giving up
   */
  public record AlertSettings(
      String webhookUrl, String webhookSecret, long retryBaseMillis, int maxAttempts) {

    public static final AlertSettings NONE = new AlertSettings(null, "", 1000, 6);

    @Override
    public String toString() {
      return "AlertSettings[webhookUrl=" + webhookUrl + "]"; // never the secret
    }
  }
}
