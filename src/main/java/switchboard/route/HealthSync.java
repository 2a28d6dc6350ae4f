package switchboard.route;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shares breaker and latency state between nodes (issue 16), off the request path: each round (a
 * timer, every 250 ms) publishes this node's open breakers and latency EWMAs and reads the other
 * nodes'. A breaker open on another node is honoured here until its end ({@link Health#peers}), and
 * latency predictions average this node's EWMA with theirs, so a slow deployment is seen as slow
 * everywhere. Only breakers are shared, not their counts: each node still opens its own from what
 * it sees. When the feed fails the peers' state is dropped: each node goes by its own.
 */
public final class HealthSync {

  /** Another node's report older than this is ignored (it stopped or lost the feed). */
  static final long MAX_AGE_MS = 3_000;

  private final HealthBoard board;
  private final HealthFeed feed;
  private final String node;
  private final LongSupplier wallMs;

  /** A node known by a random id, fresh at every start. */
  public HealthSync(HealthBoard board, HealthFeed feed, LongSupplier wallMs) {
    this(board, feed, java.util.UUID.randomUUID().toString(), wallMs);
  }

  HealthSync(HealthBoard board, HealthFeed feed, String node, LongSupplier wallMs) {
    this.board = board;
    this.feed = feed;
    this.node = node;
    this.wallMs = wallMs;
  }

  /**
   * Runs a round every {@code periodMs}, the next only after the last finished (a slow Redis never
   * piles rounds up); returns at once.
   */
  public void start(io.vertx.core.Vertx vertx, long periodMs) {
    run()
        .onComplete(
            done -> {
              try {
                vertx.setTimer(periodMs, id -> start(vertx, periodMs));
              } catch (RuntimeException closed) {
                // Vert.x is shutting down: no more rounds
              }
            });
  }

  /** One round: publish, read, merge. Never fails. */
  public Future<Void> run() {
    long wall = wallMs.getAsLong();
    long now = board.now();
    List<HealthFeed.Report> mine = new ArrayList<>();
    for (Health h : board.all()) {
      Health.State s = h.state();
      long openUntilMs =
          s.mode() == Health.Mode.OPEN && s.openUntil() - now > 0
              ? wall + (s.openUntil() - now) / 1_000_000
              : 0;
      if (openUntilMs > 0 || !Double.isNaN(h.ttftMillis()) || !Double.isNaN(h.perTokenMillis())) {
        mine.add(
            new HealthFeed.Report(h.deployment(), openUntilMs, h.ttftMillis(), h.perTokenMillis()));
      }
    }
    return feed.exchange(node, mine, wall, MAX_AGE_MS)
        .timeout(1, java.util.concurrent.TimeUnit.SECONDS)
        .otherwise(e -> List.of())
        .map(
            peers -> {
              merge(peers, wall, board.now());
              return null;
            });
  }

  private void merge(List<HealthFeed.Report> peers, long wall, long now) {
    Map<String, List<HealthFeed.Report>> byDeployment = new HashMap<>();
    for (HealthFeed.Report r : peers) {
      byDeployment.computeIfAbsent(r.deployment(), d -> new ArrayList<>()).add(r);
    }
    for (Health h : board.all()) {
      if (!byDeployment.containsKey(h.deployment())) {
        h.peers(Health.Peers.NONE);
      }
    }
    byDeployment.forEach(
        (deployment, reports) -> {
          long openUntilMs = 0;
          double ttft = 0;
          double perToken = 0;
          int ttftN = 0;
          int perTokenN = 0;
          for (HealthFeed.Report r : reports) {
            openUntilMs = Math.max(openUntilMs, r.openUntilMs());
            if (!Double.isNaN(r.ttftMs())) {
              ttft += r.ttftMs();
              ttftN++;
            }
            if (!Double.isNaN(r.perTokenMs())) {
              perToken += r.perTokenMs();
              perTokenN++;
            }
          }
          boolean open = openUntilMs > wall;
          board
              .of(deployment)
              .peers(
                  new Health.Peers(
                      open,
                      open ? now + (openUntilMs - wall) * 1_000_000 : 0,
                      ttftN == 0 ? Double.NaN : ttft / ttftN,
                      ttftN,
                      perTokenN == 0 ? Double.NaN : perToken / perTokenN,
                      perTokenN));
        });
  }
}
