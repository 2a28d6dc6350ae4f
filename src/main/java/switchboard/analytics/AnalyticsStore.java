package switchboard.analytics;

import io.vertx.core.Future;

/**
 * Storage port of the request log and its analytics; implemented in {@code store/}. Queries run off
 * the event loop; futures complete on the caller's context.
 */
public interface AnalyticsStore extends AutoCloseable {

  /** The figures of the requests {@code filter} covers, grouped as {@code grouping} says. */
  Future<Tally> figures(Filter filter, Grouping grouping);

  /** A page of records, newest first, from after {@code cursor} (null: the newest). */
  Future<RequestPage> requests(Filter filter, int limit, RequestCursor cursor);

  /** One record with its attempts, or null when there is none with that id. */
  Future<RequestView> request(String id);

  @Override
  void close();
}
