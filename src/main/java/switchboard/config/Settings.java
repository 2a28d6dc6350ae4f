package switchboard.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Process-level settings from the command line and the environment (SPEC §1). Immutable.
 *
 * @param port listening port; 0 picks a free one (tests)
 * @param host listening address
 * @param configFile the YAML config file, or null when none is used
 * @param dataDir where the embedded database and the master key live
 * @param masterKey the master key from the environment, or null to load or generate one
 * @param databaseUrl null for embedded SQLite in the data dir
 * @param maxBodyBytes request bodies larger than this are refused with 413
 * @param drainGrace how long SIGTERM waits for requests and streams in flight
 */
public record Settings(
    int port,
    String host,
    Path configFile,
    Path dataDir,
    String masterKey,
    String databaseUrl,
    long maxBodyBytes,
    Duration drainGrace) {

  public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
  public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(30);
}
