package switchboard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the guardrails found in one request and did about it, as the request record keeps it ({@code
 * guard_findings}): how many values of each personal-data type, the PII action, and the injection
 * score with its action. Counts and names only: the values themselves never get here, so nothing in
 * this record can leak them.
 *
 * @param piiAction {@code redact}, {@code mask} or {@code block}; null when no personal data was
 *     found (or PII mode was off)
 * @param types finding type (Presidio's name, {@code EMAIL_ADDRESS}) to how many were found
 * @param injectionScore the worst injection score, or null when no injection was flagged
 * @param injectionAction {@code flag} or {@code block}; null when no injection was flagged
 */
public record GuardFindings(
    String piiAction,
    SortedMap<String, Integer> types,
    Double injectionScore,
    String injectionAction) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public GuardFindings {
    types = Collections.unmodifiableSortedMap(new TreeMap<>(types == null ? Map.of() : types));
  }

  /** The actions taken, each once ({@code redact}, {@code mask}, {@code block}, {@code flag}). */
  public java.util.Set<String> actions() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    if (piiAction != null) {
      out.add(piiAction);
    }
    if (injectionAction != null) {
      out.add(injectionAction);
    }
    return out;
  }

  /** The record's JSON: {@code {"action":…,"types":{…},"injection":{"score":…,"action":…}}}. */
  public String json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (piiAction != null) {
      o.put("action", piiAction);
      ObjectNode t = o.putObject("types");
      types.forEach(t::put);
    }
    if (injectionAction != null) {
      ObjectNode i = o.putObject("injection");
      i.put("score", injectionScore == null ? 0 : injectionScore);
      i.put("action", injectionAction);
    }
    return o.toString();
  }

  /** The findings of a stored {@link #json()}; null for null or anything unreadable. */
  public static GuardFindings parse(String json) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    try {
      JsonNode o = JSON.readTree(json);
      if (o == null || !o.isObject()) {
        return null;
      }
      SortedMap<String, Integer> types = new TreeMap<>();
      o.path("types").fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().asInt()));
      JsonNode i = o.path("injection");
      return new GuardFindings(
          o.path("action").textValue(),
          types,
          i.isObject() ? i.path("score").asDouble() : null,
          i.isObject() ? i.path("action").textValue() : null);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
