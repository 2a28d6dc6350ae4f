package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.route.RoutedGateway.body;
import static switchboard.route.ScriptedUpstream.status;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.store.redis.LocalServices;

/**
 * Two gateway nodes sharing the machine's Redis (issue 16): a circuit breaker opened on node A is
 * honoured by node B within a second, so B sends the failing deployment nothing, though B itself
 * never saw it fail.
 */
class SharedHealthIT {

  @TempDir Path dir;

  @Test
  void aBreakerOpenedOnOneNodeIsHonouredByTheOther() throws Exception {
    LocalServices.requireRedis();
    try (ScriptedUpstream fake = new ScriptedUpstream()) {
      String yaml =
          """
          providers:
            fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
          health: {consecutive_failures: 3, cooldown_ms: 20000}
          policies:
            shared: {kind: fallback, targets: [fake/sh-a, fake/sh-b]}
          """
              .formatted(fake.port());
      Map<String, String> env =
          Map.of(
              "SWITCHBOARD_REDIS_URL",
              LocalServices.REDIS_URL,
              "SWITCHBOARD_REDIS_PREFIX",
              "sbtest:" + UUID.randomUUID() + ":");
      try (RoutedGateway a = RoutedGateway.start(yaml, dir.resolve("a"), env);
          RoutedGateway b = RoutedGateway.start(yaml, dir.resolve("b"), env)) {
        fake.script("sh-a", status(503));
        for (int i = 0; i < 4; i++) {
          assertThat(a.chat(body("policy/shared", false, null)).statusCode()).isEqualTo(200);
        }
        assertThat(fake.calls("sh-a")).as("A's breaker opened after 3 failures").isEqualTo(3);

        Thread.sleep(1000); // a few sync rounds (250 ms each)
        for (int i = 0; i < 5; i++) {
          HttpResponse<String> r = b.chat(body("policy/shared", false, null));
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.headers().firstValue("x-switchboard-model")).hasValue("fake/sh-b");
        }
        assertThat(fake.calls("sh-a")).as("B honoured A's open breaker").isEqualTo(3);
      }
    }
  }
}
