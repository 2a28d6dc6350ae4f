package switchboard.route;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Regions;

/**
 * The data-residency filter of a plan, used by the {@link Planner} alone: the health view the
 * policies order with (a deployment outside the regions is never available), and the removal of
 * such deployments from the plan, or 400 {@code region_unavailable} when none is left.
 */
final class RegionFilter {

  static final String CODE = "region_unavailable";

  private RegionFilter() {}

  /** {@code health}, with every deployment outside {@code required} unavailable. */
  static HealthView view(HealthView health, Regions required) {
    return new HealthView() {
      @Override
      public boolean available(Target target) {
        return required.admits(target.region()) && health.available(target);
      }

      @Override
      public double predictedMillis(Target target, boolean stream) {
        return health.predictedMillis(target, stream);
      }

      @Override
      public int inflight(Target target) {
        return health.inflight(target);
      }
    };
  }

  /** Drops the picks outside {@code required}; 400 {@code region_unavailable} if none is left. */
  static void apply(Regions required, String model, List<Pick> picks) {
    Set<String> outside = new LinkedHashSet<>();
    for (Pick p : picks) {
      if (!required.admits(p.target().region())) {
        String region = p.target().region();
        outside.add(
            p.target().name() + (region == null ? " (region unknown)" : " (" + region + ")"));
      }
    }
    picks.removeIf(p -> !required.admits(p.target().region()));
    if (picks.isEmpty()) {
      List<String> named = new ArrayList<>(outside);
      throw new GatewayException(
          ErrorKind.INVALID_REQUEST,
          400,
          "No deployment for '"
              + model
              + "' is in an allowed region ("
              + required
              + "), so none was called (region_unavailable). Deployments of the route: "
              + String.join(", ", named)
              + ".",
          "switchboard.regions",
          CODE,
          null);
    }
  }
}
