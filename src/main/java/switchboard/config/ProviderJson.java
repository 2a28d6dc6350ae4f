package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.regex.Pattern;
import switchboard.provider.ProviderConfig;

/**
 * A provider entry as JSON, in the config file's own field names ({@code vendor}, {@code api_key},
 * {@code base_url}, ...): which fields are secrets, how they are masked in answers, how a change is
 * laid over an entry, and how every secret is sealed or opened for storage.
 */
public final class ProviderJson {

  /** Fields whose values are secrets. */
  static final Set<String> SECRET_FIELDS = Set.of("api_key", "secret_access_key", "session_token");

  /** Header names that carry credentials; their values are secrets too. */
  private static final Pattern SECRET_HEADER =
      Pattern.compile("(?i).*(auth|key|token|secret|cookie|password).*");

  /** A masked secret in an answer; given back unchanged, it keeps the secret in force. */
  private static final Pattern MASK = Pattern.compile("\\*{4}.{0,4}");

  private static final Pattern ENV_ONLY = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProviderJson() {}

  /**
   * What an answer shows of a secret: {@code ****} and its last four characters (none when it is
   * short), or a plain {@code ${VAR}} reference as it is, since it names no secret.
   */
  public static String mask(String secret) {
    if (secret == null || secret.isEmpty()) {
      return "";
    }
    if (ENV_ONLY.matcher(secret).matches()) {
      return secret;
    }
    return secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****";
  }

  static boolean isMask(String value) {
    return value != null && MASK.matcher(value).matches();
  }

  static boolean secretHeader(String name) {
    return SECRET_HEADER.matcher(name).matches();
  }

  /** The entry of a provider enabled by the environment or read from the file. */
  static ObjectNode spec(ProviderConfig p) {
    ObjectNode o = NODES.objectNode();
    o.put("vendor", p.vendor());
    if (p.vendor().equals("bedrock")) {
      o.put("secret_access_key", p.apiKey());
    } else if (!p.apiKey().isEmpty()) {
      o.put("api_key", p.apiKey());
    }
    if (p.baseUrl() != null) {
      o.put("base_url", p.baseUrl());
    }
    if (p.apiVersion() != null) {
      o.put("api_version", p.apiVersion());
    }
    if (!p.models().isEmpty()) {
      p.models().forEach(o.putArray("models")::add);
    }
    if (!p.headers().isEmpty()) {
      ObjectNode h = o.putObject("headers");
      new java.util.TreeMap<>(p.headers()).forEach(h::put);
    }
    new java.util.TreeMap<>(p.settings()).forEach(o::put);
    return o;
  }

  /** A copy with every secret masked. */
  public static ObjectNode masked(ObjectNode spec) {
    return mapSecrets(spec, (field, value) -> mask(value));
  }

  /**
   * Seals (or opens) every secret of an entry for provider {@code id}; the field's path is the
   * associated data.
   */
  static ObjectNode sealed(ObjectNode spec, String id, SecretBox box) {
    return mapSecrets(
        spec,
        (field, value) ->
            SecretBox.isSealed(value) ? value : box.seal(value, "providers." + id + "." + field));
  }

  static ObjectNode opened(ObjectNode spec, String id, SecretBox box) {
    return mapSecrets(
        spec,
        (field, value) ->
            SecretBox.isSealed(value) ? box.open(value, "providers." + id + "." + field) : value);
  }

  /**
   * {@code change} laid over {@code current}: each field given replaces the one in force, a null
   * removes it, and a masked secret (as answers show it) keeps the secret in force. {@code headers}
   * is replaced as a whole, but a masked header value keeps its value too.
   */
  static ObjectNode merge(ObjectNode current, ObjectNode change) {
    ObjectNode out = current == null ? NODES.objectNode() : current.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = change.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = e.getKey();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        out.remove(field);
      } else if (SECRET_FIELDS.contains(field) && value.isTextual() && isMask(value.asText())) {
        if (current == null || !current.hasNonNull(field)) {
          throw new ConfigException(
              field + ": a masked value keeps the secret in force, but there is none; give it");
        }
      } else if (field.equals("headers") && value.isObject()) {
        ObjectNode headers = value.deepCopy();
        JsonNode before = current == null ? NODES.objectNode() : current.path("headers");
        headers
            .fields()
            .forEachRemaining(
                h -> {
                  if (h.getValue().isTextual() && isMask(h.getValue().asText())) {
                    if (!before.path(h.getKey()).isTextual()) {
                      throw new ConfigException(
                          "headers."
                              + h.getKey()
                              + ": a masked value keeps the value in force, but there is none");
                    }
                    h.setValue(before.get(h.getKey()));
                  }
                });
        out.set(field, headers);
      } else {
        out.set(field, value);
      }
    }
    return out;
  }

  private static ObjectNode mapSecrets(ObjectNode spec, BinaryOperator<String> map) {
    ObjectNode out = spec.deepCopy();
    for (String field : SECRET_FIELDS) {
      if (out.path(field).isTextual()) {
        out.put(field, map.apply(field, out.get(field).asText()));
      }
    }
    if (out.path("headers").isObject()) {
      ObjectNode headers = (ObjectNode) out.get("headers");
      headers
          .fields()
          .forEachRemaining(
              h -> {
                if (secretHeader(h.getKey()) && h.getValue().isTextual()) {
                  h.setValue(
                      NODES.textNode(map.apply("headers." + h.getKey(), h.getValue().asText())));
                }
              });
    }
    return out;
  }
}
