package switchboard.route;

import java.util.random.RandomGenerator;

/** What a policy orders with: the request's routing inputs, live health, and the random source. */
record PlanContext(RouteInput input, HealthView health, RandomGenerator random) {}
