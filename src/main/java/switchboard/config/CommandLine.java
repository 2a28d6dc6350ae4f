package switchboard.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Parses {@code switchboard [serve] [--port N] [--host H] [--config FILE] [--data DIR]}. */
public final class CommandLine {

  /** The usage text printed for {@code --help} and after a bad option. */
  public static final String USAGE =
      """
      usage: switchboard [serve] [--port N] [--host H] [--config FILE] [--data DIR]

        --port N        listening port (SWITCHBOARD_PORT, default 8080)
        --host H        listening address (SWITCHBOARD_HOST, default 127.0.0.1)
        --config FILE   YAML configuration (SWITCHBOARD_CONFIG, default ./switchboard.yaml if present)
        --data DIR      data directory (SWITCHBOARD_DATA, default ./data)

      Environment: SWITCHBOARD_MASTER_KEY, SWITCHBOARD_MAX_BODY_BYTES, SWITCHBOARD_DRAIN_SECONDS,
      SWITCHBOARD_DATABASE_URL and the provider keys (OPENAI_API_KEY, ...); see docs/configuration.md.
      """;

  private CommandLine() {}

  /**
   * Builds settings: options win over environment variables, which win over defaults.
   *
   * @throws IllegalArgumentException with a message for the user when an option is invalid
   */
  public static Settings parse(String[] args, Map<String, String> env) {
    String port = env.get("SWITCHBOARD_PORT");
    String host = env.get("SWITCHBOARD_HOST");
    String config = env.get("SWITCHBOARD_CONFIG");
    String data = env.get("SWITCHBOARD_DATA");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i == 0 && arg.equals("serve")) {
        continue;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      if (!name.equals("--port")
          && !name.equals("--host")
          && !name.equals("--config")
          && !name.equals("--data")) {
        throw new IllegalArgumentException("unknown option: " + arg);
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--port" -> port = value;
        case "--host" -> host = value;
        case "--config" -> config = value;
        default -> data = value;
      }
    }
    Path configFile = null;
    if (config != null && !config.isBlank()) {
      configFile = Path.of(config);
      if (!Files.isRegularFile(configFile)) {
        throw new IllegalArgumentException("config file not found: " + config);
      }
    } else if (Files.isRegularFile(Path.of("switchboard.yaml"))) {
      configFile = Path.of("switchboard.yaml");
    }
    return new Settings(
        parsePort(port == null ? "8080" : port),
        host == null || host.isBlank() ? "127.0.0.1" : host,
        configFile,
        Path.of(data == null || data.isBlank() ? "data" : data),
        blankToNull(env.get("SWITCHBOARD_MASTER_KEY")),
        blankToNull(env.get("SWITCHBOARD_DATABASE_URL")),
        parseLong(
            env.get("SWITCHBOARD_MAX_BODY_BYTES"),
            Settings.DEFAULT_MAX_BODY_BYTES,
            "SWITCHBOARD_MAX_BODY_BYTES"),
        Duration.ofSeconds(
            parseLong(
                env.get("SWITCHBOARD_DRAIN_SECONDS"),
                Settings.DEFAULT_DRAIN_GRACE.toSeconds(),
                "SWITCHBOARD_DRAIN_SECONDS")));
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port: " + value);
    }
  }

  private static long parseLong(String value, long fallback, String name) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + name + ": " + value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
