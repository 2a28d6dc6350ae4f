package switchboard.access;

/**
 * A key's rate limits over one-minute windows; 0 means unlimited.
 *
 * @param rpm requests per minute
 * @param tpm tokens per minute: prompt tokens (counted at admission) plus output tokens
 */
public record RateLimits(long rpm, long tpm) {

  public static final RateLimits NONE = new RateLimits(0, 0);

  public boolean any() {
    return rpm > 0 || tpm > 0;
  }
}
