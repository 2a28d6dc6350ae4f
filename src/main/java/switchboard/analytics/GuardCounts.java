package switchboard.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import switchboard.pipeline.GuardFindings;

/**
 * The guardrails' figures of a set of requests, mergeable like the rest of {@link Figures}: how
 * many requests had any finding ({@code guarded}), how many had each action (a request redacted and
 * flagged counts once for each), and how many values of each type were found. Exact integers, so
 * roll-ups and records add up to the same counts.
 */
public final class GuardCounts {

  /** The actions the guardrails take, in the order the analytics list them. */
  public static final java.util.List<String> ACTIONS =
      java.util.List.of("redact", "mask", "block", "flag");

  private static final ObjectMapper JSON = new ObjectMapper();

  private long guarded;
  private final long[] actions = new long[ACTIONS.size()];
  private final SortedMap<String, Long> types = new TreeMap<>();

  /** Adds one request's findings (null: nothing found). */
  void add(GuardFindings f) {
    if (f == null) {
      return;
    }
    guarded++;
    for (String a : f.actions()) {
      int i = ACTIONS.indexOf(a);
      if (i >= 0) {
        actions[i]++;
      }
    }
    f.types().forEach((t, n) -> types.merge(t, (long) n, Long::sum));
  }

  void merge(GuardCounts other) {
    guarded += other.guarded;
    for (int i = 0; i < actions.length; i++) {
      actions[i] += other.actions[i];
    }
    other.types.forEach((t, n) -> types.merge(t, n, Long::sum));
  }

  /** Adds a stored roll-up's columns. */
  void merge(long guarded, long redact, long mask, long block, long flag, String typesJson) {
    this.guarded += guarded;
    actions[0] += redact;
    actions[1] += mask;
    actions[2] += block;
    actions[3] += flag;
    if (typesJson == null || typesJson.isEmpty()) {
      return;
    }
    try {
      JsonNode o = JSON.readTree(typesJson);
      if (o != null) {
        o.fields().forEachRemaining(e -> types.merge(e.getKey(), e.getValue().asLong(), Long::sum));
      }
    } catch (java.io.IOException e) {
      // a row this gateway did not write: its type counts are lost, its other figures are not
    }
  }

  /** Requests with any finding. */
  public long guarded() {
    return guarded;
  }

  /**
   * Requests that had {@code action} ({@code redact}, {@code mask}, {@code block}, {@code flag}).
   */
  public long action(String action) {
    int i = ACTIONS.indexOf(action);
    return i < 0 ? 0 : actions[i];
  }

  /** Finding type to how many values of it were found. */
  public Map<String, Long> types() {
    return java.util.Collections.unmodifiableSortedMap(types);
  }

  /** The type counts as a JSON object, or null when there are none (the roll-up's column). */
  String typesJson() {
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    types.forEach(o::put);
    return o.toString();
  }
}
