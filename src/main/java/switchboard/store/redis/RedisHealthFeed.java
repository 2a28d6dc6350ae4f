package switchboard.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import switchboard.route.HealthFeed;

/**
 * {@link HealthFeed} on the cluster's Redis: one hash, {@code <prefix>health}, one field per node
 * holding {@code <published ms>|<JSON reports>}. One script per round writes this node's field and
 * returns the others' fresh ones; fields of nodes gone for a minute are deleted on the way.
 */
public final class RedisHealthFeed implements HealthFeed {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final RedisScript EXCHANGE =
      new RedisScript(
          """
          local now = tonumber(ARGV[2])
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
          redis.call('PEXPIRE', KEYS[1], 60000)
          local out = {}
          local all = redis.call('HGETALL', KEYS[1])
          for i = 1, #all, 2 do
            if all[i] ~= ARGV[1] then
              local at = tonumber(string.match(all[i + 1], '^(%d+)|'))
              if at == nil or now - at > 60000 then
                redis.call('HDEL', KEYS[1], all[i])
              elseif now - at <= tonumber(ARGV[4]) then
                table.insert(out, all[i + 1])
              end
            end
          end
          return out
          """);

  private final Redis redis;
  private final String key;

  public RedisHealthFeed(Redis redis, String prefix) {
    this.redis = redis;
    this.key = prefix + "health";
  }

  @Override
  public Future<List<Report>> exchange(String node, List<Report> mine, long nowMs, long maxAgeMs) {
    return EXCHANGE
        .run(redis, key, node, nowMs, encode(mine), maxAgeMs)
        .map(RedisHealthFeed::decode);
  }

  /** {@code [[deployment, openUntilMs, ttftMs|null, perTokenMs|null], ...]}: JSON has no NaN. */
  static String encode(List<Report> reports) {
    ArrayNode out = JSON.createArrayNode();
    for (Report r : reports) {
      ArrayNode a = out.addArray().add(r.deployment()).add(r.openUntilMs());
      number(a, r.ttftMs());
      number(a, r.perTokenMs());
    }
    return out.toString();
  }

  private static void number(ArrayNode a, double v) {
    if (Double.isNaN(v)) {
      a.addNull();
    } else {
      a.add(v);
    }
  }

  static List<Report> decode(Response fields) {
    List<Report> out = new ArrayList<>();
    if (fields == null) {
      return out;
    }
    for (Response field : fields) {
      String text = field.toString();
      try {
        for (JsonNode r : JSON.readTree(text.substring(text.indexOf('|') + 1))) {
          out.add(
              new Report(
                  r.path(0).asText(),
                  r.path(1).asLong(),
                  r.path(2).isNumber() ? r.path(2).asDouble() : Double.NaN,
                  r.path(3).isNumber() ? r.path(3).asDouble() : Double.NaN));
        }
      } catch (Exception e) {
        // a node's field we cannot read (another version?): skip it, keep the others
      }
    }
    return out;
  }
}
