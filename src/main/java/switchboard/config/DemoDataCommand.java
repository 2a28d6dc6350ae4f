package switchboard.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code switchboard demo-data --requests N [--days D] [--data DIR]} (SPEC §4): what to generate
 * and where.
 *
 * @param dataDir the data directory, as for {@code serve}
 */
public record DemoDataCommand(long requests, int days, Path dataDir) {

  public static final String USAGE =
      """
      usage: switchboard demo-data --requests N [--days D] [--data DIR]

        --requests N    how many synthetic request records to write
        --days D        spread over the last D days (default 30)
        --data DIR      data directory (SWITCHBOARD_DATA, default ./data)
      """;

  /** Parses the arguments after {@code demo-data}; throws {@link IllegalArgumentException}. */
  public static DemoDataCommand parse(String[] args, Map<String, String> env) {
    Long requests = null;
    int days = 30;
    String data = env.get("SWITCHBOARD_DATA");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      if (!name.equals("--requests") && !name.equals("--days") && !name.equals("--data")) {
        throw new IllegalArgumentException("unknown option: " + arg);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args[++i];
      }
      try {
        switch (name) {
          case "--requests" -> requests = Long.parseLong(value.replace("_", "").replace(",", ""));
          case "--days" -> days = Integer.parseInt(value);
          default -> data = value;
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " needs a whole number: " + value, e);
      }
    }
    if (requests == null || requests < 1) {
      throw new IllegalArgumentException("--requests N (at least 1) is required");
    }
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("--days must be from 1 to 3660: " + days);
    }
    return new DemoDataCommand(
        requests, days, Path.of(data == null || data.isBlank() ? "data" : data));
  }
}
