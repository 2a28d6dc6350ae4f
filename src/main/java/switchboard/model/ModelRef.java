package switchboard.model;

/**
 * A model as apps name it: {@code provider/model}. The model part may itself contain slashes
 * (OpenRouter's {@code openrouter/anthropic/claude-sonnet-4}).
 */
public record ModelRef(String provider, String model) {

  /** Parses {@code provider/model}; returns null when there is no provider prefix. */
  public static ModelRef parse(String name) {
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1) {
      return null;
    }
    return new ModelRef(name.substring(0, slash), name.substring(slash + 1));
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
