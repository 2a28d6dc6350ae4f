package switchboard.route;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures issue 4's speed goal (not a test; run by {@code bench/failover.sh}): once an attempt's
 * failure is seen, the next attempt's request is on the wire within 2 ms at p99; an open circuit
 * costs no time. Everything runs in one JVM on loopback, so both ends read the same clock:
 *
 * <ol>
 *   <li>failover gap: the upstream records when it finished writing a 503 for target A and when the
 *       gateway's request for target B arrived; the difference is the gateway's reaction time (plus
 *       one loopback hop). The breaker is set never to open here.
 *   <li>open circuit: end-to-end latency through a policy whose first target's circuit is open,
 *       against the same request sent straight to the second target.
 * </ol>
 */
public final class FailoverBench {

  private FailoverBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int warmup = Math.min(2_000, n / 5);
    try (ScriptedUpstream fake = new ScriptedUpstream();
        RoutedGateway gw =
            RoutedGateway.start(
                """
            providers:
              fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
            health: {consecutive_failures: 100000000, error_rate: 1.0, min_requests: 100000000}
            policies:
              failover: {kind: fallback, targets: [fake/fail, fake/ok]}
            """
                    .formatted(fake.port()))) {
      fake.script("fail", ScriptedUpstream.status(503));
      String body = RoutedGateway.body("policy/failover", false, null);
      for (int i = 0; i < warmup + n; i++) {
        check(gw.chat(body));
      }
      List<Long> sent = fake.errorsSent("fail");
      List<Long> next = fake.arrivals("ok");
      List<Long> gaps = new ArrayList<>();
      for (int i = warmup; i < warmup + n; i++) {
        gaps.add(next.get(i) - sent.get(i));
      }
      report("failover gap (503 written -> next request arrives)", gaps);
    }
    try (ScriptedUpstream fake = new ScriptedUpstream();
        RoutedGateway gw =
            RoutedGateway.start(
                """
            providers:
              fake: {vendor: custom, base_url: "http://127.0.0.1:%d/v1"}
            health: {consecutive_failures: 1, cooldown_ms: 3600000}
            policies:
              open: {kind: fallback, targets: [fake/down, fake/up]}
            """
                    .formatted(fake.port()))) {
      fake.script("down", ScriptedUpstream.status(503));
      check(gw.chat(RoutedGateway.body("policy/open", false, null))); // opens fake/down
      String viaOpen = RoutedGateway.body("policy/open", false, null);
      String direct = RoutedGateway.body("fake/up", false, null);
      List<Long> open = new ArrayList<>();
      List<Long> straight = new ArrayList<>();
      for (int i = 0; i < warmup + n; i++) {
        long a = System.nanoTime();
        check(gw.chat(viaOpen));
        long b = System.nanoTime();
        check(gw.chat(direct));
        long c = System.nanoTime();
        if (i >= warmup) {
          open.add(b - a);
          straight.add(c - b);
        }
      }
      report("through an open circuit (end to end)", open);
      report("straight to the healthy target (end to end)", straight);
      if (fake.calls("down") != 1) {
        throw new IllegalStateException(
            "the open circuit was called " + fake.calls("down") + " times");
      }
    }
  }

  private static void check(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("unexpected " + r.statusCode() + ": " + r.body());
    }
  }

  private static void report(String what, List<Long> nanos) {
    Collections.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-50s n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms%n",
        what,
        nanos.size(),
        at(nanos, 0.50),
        at(nanos, 0.90),
        at(nanos, 0.99),
        nanos.get(nanos.size() - 1) / 1e6);
  }

  private static double at(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
  }
}
