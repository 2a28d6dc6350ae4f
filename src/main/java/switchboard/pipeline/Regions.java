package switchboard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import switchboard.model.DeploymentRegion;

/**
 * A data-residency requirement: the regions a request may be served in, or any region. A key's, a
 * policy's and the request's own requirement are intersected ({@link #and}); a deployment whose
 * region is unknown never meets a requirement. Immutable.
 *
 * @param allowed the region codes, sorted; null for no requirement
 */
public record Regions(Set<String> allowed) {

  public static final Regions ANY = new Regions(null);

  public Regions {
    allowed = allowed == null ? null : Set.copyOf(new TreeSet<>(allowed));
  }

  /** A requirement of these regions, each normalised ({@code westeurope} is {@code eu}). */
  public static Regions of(Iterable<String> given) {
    Set<String> out = new TreeSet<>();
    given.forEach(r -> out.add(DeploymentRegion.normalise(r)));
    return new Regions(out);
  }

  /**
   * The requirement in a JSON field: absent or null is none; else a non-empty array of region
   * names. A 400 naming {@code param} otherwise.
   */
  public static Regions parse(JsonNode node, String param) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return ANY;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw GatewayException.invalid(
          param, "'" + param + "' must be a non-empty array of regions, e.g. [\"eu\"].");
    }
    Set<String> out = new TreeSet<>();
    for (JsonNode r : node) {
      if (!r.isTextual() || !DeploymentRegion.valid(r.asText())) {
        throw GatewayException.invalid(
            param,
            "'"
                + param
                + "' must list regions as strings of letters, digits and '-' (e.g. \"eu\"), got "
                + r
                + ".");
      }
      out.add(DeploymentRegion.normalise(r.asText()));
    }
    return new Regions(out);
  }

  public boolean any() {
    return allowed == null;
  }

  /** Both requirements at once: the intersection (possibly empty: then nothing can serve). */
  public Regions and(Regions other) {
    if (other == null || other.any()) {
      return this;
    }
    if (any()) {
      return other;
    }
    Set<String> both = new TreeSet<>(allowed);
    both.retainAll(other.allowed);
    return new Regions(both);
  }

  /** Whether a deployment in {@code region} (null when unknown) may serve. */
  public boolean admits(String region) {
    return allowed == null || region != null && allowed.contains(region);
  }

  /** {@code eu, us}; {@code none} for an empty intersection; {@code any} without requirement. */
  @Override
  public String toString() {
    return allowed == null
        ? "any"
        : allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed));
  }
}
