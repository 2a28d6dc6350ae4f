package switchboard.store.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The machine's own PostgreSQL and Redis for the shared-store tests. Outside CI a missing service
 * skips the test with a message; with {@code SWITCHBOARD_REQUIRE_SERVICES=1} (set by {@code
 * .ci/run}) it fails, so CI can never pass by skipping.
 */
public final class LocalServices {

  public static final String REDIS_URL = "redis://127.0.0.1:6379";

  private LocalServices() {}

  /** Skips (or, in CI, fails) unless Redis answers on 127.0.0.1:6379. */
  public static void requireRedis() {
    require("Redis", 6379);
  }

  /** Skips (or, in CI, fails) unless PostgreSQL answers on 127.0.0.1:5432. */
  public static void requirePostgres() {
    require("PostgreSQL", 5432);
  }

  private static void require(String name, int port) {
    boolean up;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    String message = name + " is not reachable on 127.0.0.1:" + port;
    if (!up && "1".equals(System.getenv("SWITCHBOARD_REQUIRE_SERVICES"))) {
      throw new AssertionError(message + " and SWITCHBOARD_REQUIRE_SERVICES=1");
    }
    assumeTrue(up, message + ": start it to run this test (skipped)");
  }
}
