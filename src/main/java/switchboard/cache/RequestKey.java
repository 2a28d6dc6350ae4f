package switchboard.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The response cache's key: a hash of the tenant and the normalised request. Pure.
 *
 * <p>Everything in the canonical request that can change the answer is in the key: the model and
 * fallbacks, messages, tools, sampling parameters, the response format, and any field the gateway
 * does not know (a new parameter must not make two different requests one). Left out is only what
 * cannot change the answer: streaming ({@code stream}, {@code stream_options}: a stored answer is
 * replayed as a stream), identity and bookkeeping fields ({@code user}, {@code metadata}, …).
 * Normalised: object keys sorted, numbers by value, a content that is a single text part is its
 * text.
 */
public final class RequestKey {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Fields that cannot change the answer. */
  static final Set<String> IGNORED =
      Set.of(
          "stream",
          "stream_options",
          "user",
          "safety_identifier",
          "metadata",
          "store",
          "service_tier",
          "prompt_cache_key",
          "prompt_cache_retention");

  private RequestKey() {}

  /**
   * @param scope the tenant: a key id or a team, never empty
   * @param model the model as requested ({@code provider/model} or {@code policy/name})
   * @param fallbacks the {@code models} list
   * @param canonical the canonical request body (gateway extensions already out)
   */
  public static String of(
      String scope, String model, List<String> fallbacks, ObjectNode canonical) {
    if (scope == null || scope.isEmpty()) {
      throw new IllegalArgumentException("a response-cache key needs a tenant");
    }
    ObjectNode request = NODES.objectNode();
    canonical
        .fields()
        .forEachRemaining(
            e -> {
              if (!IGNORED.contains(e.getKey())) {
                request.set(e.getKey(), e.getValue());
              }
            });
    request.put("model", model);
    ArrayNode models = request.putArray("models");
    fallbacks.forEach(models::add);
    MessageDigest digest = sha256();
    digest.update(scope.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(normal(request, null).toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Sorted keys all the way down; a single-text-part content as its text. */
  static JsonNode normal(JsonNode node, String field) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = NODES.objectNode();
      for (String name : names) {
        out.set(name, normal(node.get(name), name));
      }
      return out;
    }
    if (node.isArray()) {
      if ("content".equals(field)
          && node.size() == 1
          && "text".equals(node.get(0).path("type").asText())
          && node.get(0).size() == 2
          && node.get(0).path("text").isTextual()) {
        return node.get(0).get("text");
      }
      ArrayNode out = NODES.arrayNode();
      node.forEach(item -> out.add(normal(item, null)));
      return out;
    }
    if (node.isNumber()) {
      return NODES.numberNode(node.decimalValue().stripTrailingZeros()); // 1, 1.0 and 1.00 alike
    }
    return node;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
