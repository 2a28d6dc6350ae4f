package switchboard.access;

/**
 * A usage query over the ledger.
 *
 * @param groupBy one of {@code key}, {@code team}, {@code model}, {@code provider}, {@code day}
 * @param fromMs inclusive
 * @param toMs exclusive
 * @param keyId only this key, or null for all
 */
public record UsageQuery(String groupBy, long fromMs, long toMs, String keyId) {

  public static final java.util.Set<String> GROUPS =
      java.util.Set.of("key", "team", "model", "provider", "day");
}
