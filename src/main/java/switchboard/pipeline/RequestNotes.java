package switchboard.pipeline;

/**
 * What the stages learned about a request that goes into its record (SPEC §4) and that no other
 * field of the {@link Exchange} carries: the routing policy, the response cache's verdict, the
 * savings and the guardrails' actions. Each stage writes its own note; the record reads them all
 * once, at the end. Confined to the exchange's event loop, like the exchange.
 */
public final class RequestNotes {

  private String policy;
  private String cache = "bypass";
  private double savingsUsd;
  private String guardrails;
  private GuardFindings guardFindings;

  /** The policy that ordered the route, or null for a plain model. */
  public String policy() {
    return policy;
  }

  public void policy(String name) {
    this.policy = name;
  }

  /** {@code hit}, {@code miss} (consulted, answer stored) or {@code bypass} (the default). */
  public String cache() {
    return cache;
  }

  public void cache(String verdict) {
    if (!verdict.equals("hit") && !verdict.equals("miss") && !verdict.equals("bypass")) {
      throw new IllegalArgumentException("cache verdict must be hit, miss or bypass: " + verdict);
    }
    this.cache = verdict;
  }

  /** What the response cache and provider prompt caching saved, in USD (0 when nothing). */
  public double savingsUsd() {
    return savingsUsd;
  }

  public void addSavings(double usd) {
    this.savingsUsd += usd;
  }

  /** The guardrails' actions as in {@code x-switchboard-guardrails}, or null when none acted. */
  public String guardrails() {
    return guardrails;
  }

  public void guardrails(String actions) {
    this.guardrails = actions;
  }

  /** What the guardrails found (counts by type, actions), or null when they found nothing. */
  public GuardFindings guardFindings() {
    return guardFindings;
  }

  public void guardFindings(GuardFindings findings) {
    this.guardFindings = findings;
  }
}
