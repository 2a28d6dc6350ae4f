package switchboard.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import switchboard.analytics.AnalyticsStore;
import switchboard.analytics.Dimension;
import switchboard.analytics.Figures;
import switchboard.analytics.Filter;
import switchboard.analytics.Grouping;
import switchboard.analytics.RequestCursor;
import switchboard.analytics.Tally;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * The request log and the analytics (SPEC §4): {@code /requests}, {@code /requests/{id}} and {@code
 * /analytics/overview|timeseries|breakdown}, all with the same filters.
 */
public final class AnalyticsModule implements AdminModule {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String FILTERS =
      "from=&to= (ISO-8601 instants; default the last 24 hours), key_id=, model=, provider=,"
          + " policy=, tag=, status= (a code, 4xx, error or ok)";
  private static final Map<String, Long> BUCKETS =
      Map.of("1m", 60_000L, "1h", 3_600_000L, "1d", 86_400_000L);

  private final AnalyticsStore store;
  private final Clock clock;

  public AnalyticsModule(AnalyticsStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/requests",
        "The request log, newest first: " + FILTERS + ", limit= (1-1000, default 50), cursor=",
        this::requests);
    routes.add(
        HttpMethod.GET,
        "/requests/:id",
        "One request record with its attempts (target, status, outcome, latency)",
        ctx ->
            AsyncReplies.reply(
                ctx,
                200,
                store
                    .request(ctx.pathParam("id"))
                    .map(
                        r -> {
                          if (r == null) {
                            throw new GatewayException(
                                ErrorKind.NOT_FOUND,
                                404,
                                "No request with id '" + ctx.pathParam("id") + "'.",
                                "id",
                                "request_not_found",
                                null);
                          }
                          return AnalyticsJson.request(r, true);
                        })));
    routes.add(
        HttpMethod.GET,
        "/analytics/overview",
        "Requests, errors, tokens, cost, savings, latency and TTFT percentiles, cache and"
            + " failover rates: "
            + FILTERS,
        ctx -> {
          Filter filter = filter(ctx);
          AsyncReplies.reply(
              ctx,
              200,
              store
                  .figures(filter, Grouping.ALL)
                  .map(t -> range(AnalyticsJson.figures(NODES.objectNode(), t.total()), filter)));
        });
    routes.add(
        HttpMethod.GET,
        "/analytics/timeseries",
        "The overview's figures per time bucket (bucket=1m|1h|1d, default 1h): " + FILTERS,
        ctx -> {
          Filter filter = filter(ctx);
          String size = ctx.queryParams().get("bucket");
          Long millis = BUCKETS.get(size == null ? "1h" : size);
          if (millis == null) {
            throw GatewayException.invalid("bucket", "'bucket' must be 1m, 1h or 1d.");
          }
          Grouping.Buckets buckets = new Grouping.Buckets(millis);
          if ((filter.toMs() - buckets.start(filter.fromMs())) / millis > Tally.MAX_BUCKETS) {
            throw GatewayException.invalid(
                "bucket",
                "The range holds more than " + Tally.MAX_BUCKETS + " buckets; use a larger one.");
          }
          AsyncReplies.reply(
              ctx,
              200,
              store
                  .figures(filter, buckets)
                  .map(
                      t -> {
                        ObjectNode out = range(NODES.objectNode(), filter);
                        out.put("bucket", size == null ? "1h" : size);
                        ArrayNode list = out.putArray("buckets");
                        for (Map.Entry<Long, Figures> e : t.buckets().entrySet()) {
                          ObjectNode b = list.addObject();
                          b.put("start", Instant.ofEpochMilli(e.getKey()).toString());
                          AnalyticsJson.figures(b, e.getValue());
                        }
                        return out;
                      }));
        });
    routes.add(
        HttpMethod.GET,
        "/analytics/breakdown",
        "The overview's figures per value of by=model|provider|key|policy|tag|status, most"
            + " requests first: "
            + FILTERS,
        ctx -> {
          Filter filter = filter(ctx);
          String by = ctx.queryParams().get("by");
          Dimension dim = by == null ? null : Dimension.byLabel(by);
          if (dim == null) {
            throw GatewayException.invalid(
                "by", "'by' must be one of model, provider, key, policy, tag, status.");
          }
          AsyncReplies.reply(
              ctx,
              200,
              store
                  .figures(filter, new Grouping.By(dim))
                  .map(
                      t -> {
                        ObjectNode out = range(NODES.objectNode(), filter);
                        out.put("by", dim.label());
                        ArrayNode rows = out.putArray("rows");
                        t.rows().entrySet().stream()
                            .sorted(
                                (a, b) ->
                                    Long.compare(b.getValue().requests(), a.getValue().requests()))
                            .forEach(
                                e -> {
                                  ObjectNode row = rows.addObject();
                                  if (e.getKey().isEmpty()) {
                                    row.putNull("value");
                                  } else {
                                    row.put("value", e.getKey());
                                  }
                                  AnalyticsJson.figures(row, e.getValue());
                                });
                        return out;
                      }));
        });
  }

  private void requests(RoutingContext ctx) {
    Filter filter = filter(ctx);
    String limitText = ctx.queryParams().get("limit");
    int limit;
    try {
      limit = limitText == null ? 50 : Integer.parseInt(limitText);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      throw GatewayException.invalid("limit", "'limit' must be a whole number from 1 to 1000.");
    }
    String cursorText = ctx.queryParams().get("cursor");
    RequestCursor cursor;
    try {
      cursor = cursorText == null || cursorText.isEmpty() ? null : RequestCursor.decode(cursorText);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("cursor", "'cursor' is not a cursor this API returned.");
    }
    AsyncReplies.reply(
        ctx,
        200,
        store
            .requests(filter, limit, cursor)
            .map(
                page -> {
                  ObjectNode out = NODES.objectNode();
                  ArrayNode data = out.putArray("data");
                  page.data().forEach(r -> data.add(AnalyticsJson.request(r, false)));
                  if (page.next() == null) {
                    out.putNull("next_cursor");
                  } else {
                    out.put("next_cursor", page.next().encode());
                  }
                  return out;
                }));
  }

  private static ObjectNode range(ObjectNode out, Filter filter) {
    ObjectNode o = NODES.objectNode();
    o.put("from", Instant.ofEpochMilli(filter.fromMs()).toString());
    o.put("to", Instant.ofEpochMilli(filter.toMs()).toString());
    o.setAll(out);
    return o;
  }

  /** The filter of the query string; 400 naming the parameter that is wrong. */
  Filter filter(RoutingContext ctx) {
    long now = clock.millis();
    long to = time(ctx.queryParams().get("to"), "to", now);
    long from = time(ctx.queryParams().get("from"), "from", to - Duration.ofDays(1).toMillis());
    if (to < from) {
      throw GatewayException.invalid("to", "'to' must not be before 'from'.");
    }
    Map<Dimension, String> values = new EnumMap<>(Dimension.class);
    for (Dimension d : Dimension.values()) {
      String v = ctx.queryParams().get(d.param());
      if (v != null && !v.isEmpty()) {
        values.put(d, v);
      }
    }
    try {
      return new Filter(from, to, values);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("status", e.getMessage());
    }
  }

  private static long time(String value, String param, long fallback) {
    return QueryTime.millis(
        value, param, fallback, "must be an ISO-8601 instant (2026-12-01T00:00:00Z) or a date.");
  }
}
