package switchboard.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Notices configuration changed through other nodes: every {@link #PERIOD_MS} it reads the change
 * counters (table {@code changes}, four rows) and reports each topic whose version moved since the
 * last read. A poll, rather than LISTEN/NOTIFY or Redis pub/sub, because it cannot miss a change: a
 * notification sent while this node was disconnected is gone, a counter is not; and it needs
 * nothing but the database the change was written to. Its cost is one indexed read of four rows per
 * node every quarter second.
 */
public final class ChangeWatch implements AutoCloseable {

  /** Poll period: a change applies everywhere within this plus the reload, well within 1 s. */
  public static final long PERIOD_MS = 250;

  private static final Logger LOG = Logger.getLogger(ChangeWatch.class.getName());

  private final DataSource pool;
  private final Consumer<String> changed;
  private final Map<String, Long> seen = new HashMap<>(); // watch thread only
  private final java.util.concurrent.ScheduledExecutorService thread =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pg-change-watch");
            t.setDaemon(true);
            return t;
          });
  private boolean failing; // watch thread only

  ChangeWatch(DataSource pool, Consumer<String> changed) {
    this.pool = pool;
    this.changed = changed;
  }

  /** Reads the counters now (the baseline: nothing is reported), then polls. */
  void start() {
    thread.execute(this::poll);
    thread.scheduleWithFixedDelay(
        this::poll, PERIOD_MS, PERIOD_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void poll() {
    Map<String, Long> now = new HashMap<>();
    try (java.sql.Connection c = pool.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT topic, version FROM changes");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        now.put(rs.getString(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      if (!failing) {
        LOG.warning("cannot read configuration changes (retrying): " + e.getMessage());
        failing = true;
      }
      return;
    }
    failing = false;
    boolean first = seen.isEmpty();
    now.forEach(
        (topic, version) -> {
          Long before = seen.put(topic, version);
          if (!first && !version.equals(before)) {
            try {
              changed.accept(topic);
            } catch (RuntimeException e) {
              LOG.warning("reloading " + topic + " failed: " + e.getMessage());
            }
          }
        });
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
