package switchboard.config;

/** A configuration error, with the path of the offending field in its message. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
