package switchboard.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import switchboard.usage.UsageRecord;

/**
 * Folds request records into hourly roll-ups: for every record, its hour's row of all requests and
 * one row per dimension value it has (each of its tags for {@code tag}). The store merges the
 * result into the rows it holds, in the transaction that writes the records.
 */
public final class Rollups {

  /** The roll-ups' bucket: one hour. */
  public static final long HOUR_MS = 3_600_000L;

  /** The {@code dim} of the rows of all requests. */
  public static final String ALL = "";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A roll-up row's identity. */
  public record Key(String dim, String value, long bucketMs) {}

  private final Map<Key, Figures> figures = new HashMap<>();

  /** Adds one request to the rows it belongs to. */
  public void add(RequestFacts r) {
    long hour = Math.floorDiv(r.timestampMillis(), HOUR_MS) * HOUR_MS;
    figures.computeIfAbsent(new Key(ALL, "", hour), k -> new Figures()).add(r);
    for (Dimension d : Dimension.values()) {
      for (String v : r.values(d)) {
        figures.computeIfAbsent(new Key(d.label(), v, hour), k -> new Figures()).add(r);
      }
    }
  }

  public Map<Key, Figures> figures() {
    return figures;
  }

  /** Adds {@code other}'s rows to these (its figures are taken over, not copied). */
  public void merge(Rollups other) {
    other.figures.forEach(
        (k, f) ->
            figures.merge(
                k,
                f,
                (mine, theirs) -> {
                  mine.merge(theirs);
                  return mine;
                }));
  }

  public boolean isEmpty() {
    return figures.isEmpty();
  }

  public void clear() {
    figures.clear();
  }

  /** Roll-ups of {@code batch}. */
  public static Rollups of(List<UsageRecord> batch) {
    Rollups out = new Rollups();
    for (UsageRecord r : batch) {
      out.add(facts(r));
    }
    return out;
  }

  /** What the analytics read of a record. */
  public static RequestFacts facts(UsageRecord r) {
    return new RequestFacts(
        r.timestampMillis(),
        r.keyId(),
        r.target() != null ? r.target() : r.requestedModel(),
        r.provider(),
        r.policy(),
        tags(r.tagsJson()),
        r.status(),
        r.usage().input(),
        r.usage().cacheRead(),
        r.usage().cacheWrite(),
        r.usage().output(),
        r.usage().reasoning(),
        r.costUsd() == null ? 0 : r.costUsd(),
        r.savingsUsd(),
        r.cache(),
        r.target() != null && r.status() < 400,
        r.failover(),
        r.latencyMillis(),
        r.ttftMillis(),
        r.guardFindings());
  }

  /** The tags of a stored JSON array (null or malformed: none). */
  public static List<String> tags(String json) {
    if (json == null || json.isEmpty() || json.equals("[]")) {
      return List.of();
    }
    if (json.indexOf('\\') < 0) {
      List<String> fast = plainTags(json);
      if (fast != null) {
        return fast;
      }
    }
    try {
      JsonNode node = JSON.readTree(json);
      List<String> out = new ArrayList<>(node.size());
      node.forEach(t -> out.add(t.asText()));
      return out.stream().distinct().toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /**
   * {@code ["a","b"]} without escapes, read without a JSON parser (the raw reads of a range parse
   * one per record); null when it is not that simple.
   */
  private static List<String> plainTags(String json) {
    String s = json.strip();
    if (!s.startsWith("[") || !s.endsWith("]")) {
      return null;
    }
    List<String> out = new ArrayList<>(4);
    int i = 1;
    int end = s.length() - 1;
    while (i < end) {
      char c = s.charAt(i);
      if (c == ',' || c == ' ') {
        i++;
        continue;
      }
      if (c != '"') {
        return null;
      }
      int close = s.indexOf('"', i + 1);
      if (close < 0 || close > end) {
        return null;
      }
      String tag = s.substring(i + 1, close);
      if (!out.contains(tag)) {
        out.add(tag);
      }
      i = close + 1;
    }
    return out;
  }
}
