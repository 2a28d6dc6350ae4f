package switchboard.access;

/**
 * A budget a request is held against: its bucket for the current period and what was reserved.
 *
 * @param scope {@code key:<id>} or {@code team:<tag>}
 * @param name the key's name or the team tag, for messages and alerts
 * @param amount nano-USD reserved (the worst case)
 */
record Hold(
    String scope, String name, Budget budget, long periodStartMs, long periodEndMs, long amount) {

  String bucket() {
    return bucket(scope, periodStartMs);
  }

  static String bucket(String scope, long periodStartMs) {
    return "budget:" + scope + ":" + periodStartMs;
  }
}
