package switchboard.access;

import java.util.List;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * A key's allow-lists: {@code models} patterns ({@code provider/model}, {@code provider/*}, {@code
 * *}) and {@code policies} names for {@code policy/<name>}. Empty lists allow everything.
 */
final class ModelAccess {

  private ModelAccess() {}

  /**
   * Throws 403 naming the first requested model ({@code model}, then {@code models[i]}) refused.
   */
  static void check(GatewayKey key, String model, List<String> fallbacks) {
    check(key, model, "model");
    for (int i = 0; i < fallbacks.size(); i++) {
      check(key, fallbacks.get(i), "models[" + i + "]");
    }
  }

  private static void check(GatewayKey key, String model, String param) {
    if (!allowed(key.spec(), model)) {
      throw new GatewayException(
          ErrorKind.FORBIDDEN,
          403,
          "This API key ('" + key.spec().name() + "') is not allowed to use '" + model + "'.",
          param,
          "model_not_allowed",
          null);
    }
  }

  static boolean allowed(KeySpec spec, String model) {
    if (model.startsWith("policy/")) {
      String policy = model.substring("policy/".length());
      return spec.policies().isEmpty()
          || spec.policies().contains(policy)
          || spec.models().contains(model);
    }
    if (spec.models().isEmpty()) {
      return true;
    }
    for (String pattern : spec.models()) {
      if (pattern.equals("*")
          || pattern.equals(model)
          || pattern.endsWith("/*")
              && model.startsWith(pattern.substring(0, pattern.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
