package switchboard.route;

/**
 * One target of a plan, with why the policy put it where it is (shown by the dry run).
 *
 * @param reason e.g. {@code step 2 of fallback 'main' > weighted pick (75% of healthy weight)}
 */
public record Pick(Target target, String reason) {}
