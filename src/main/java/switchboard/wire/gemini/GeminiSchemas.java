package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import switchboard.pipeline.GatewayException;

/**
 * Cleans a JSON Schema into the OpenAPI subset Gemini's {@code Schema} accepts in {@code
 * parameters} and {@code responseSchema}: Gemini answers 400 "Invalid JSON payload received.
 * Unknown name …" for any other keyword (wire-formats §5.2).
 *
 * <p>Kept: {@code type format title description nullable enum items properties required
 * propertyOrdering anyOf minItems maxItems minProperties maxProperties minLength maxLength pattern
 * minimum maximum example default}. Rewritten: {@code type: [t, "null"]} → {@code type: t,
 * nullable: true}; {@code const: v} → {@code enum: [v]}; local {@code $ref} into {@code $defs} /
 * {@code definitions} → the definition inlined. Dropped: everything else, notably {@code
 * additionalProperties}, {@code $schema}, {@code $id}, {@code $defs}, {@code definitions}, {@code
 * strict}, {@code examples}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code
 * multipleOf}, {@code uniqueItems}, {@code not}, {@code if/then/else}, {@code patternProperties}.
 * {@code oneOf} becomes {@code anyOf}; {@code allOf} of one schema becomes that schema.
 */
final class GeminiSchemas {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> KEPT =
      Set.of(
          "type",
          "format",
          "title",
          "description",
          "nullable",
          "enum",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties",
          "minLength",
          "maxLength",
          "pattern",
          "minimum",
          "maximum",
          "example",
          "default",
          "propertyOrdering",
          "required");

  /** Deeper than this is a recursive {@code $ref} Gemini's schema cannot express. */
  private static final int MAX_DEPTH = 32;

  private GeminiSchemas() {}

  /**
   * The cleaned copy of {@code schema}.
   *
   * @param field the request field the schema came from, named in errors
   * @throws GatewayException when the schema is not an object or its references cannot be inlined
   */
  static ObjectNode clean(JsonNode schema, String field) {
    if (schema == null || !schema.isObject()) {
      throw GatewayException.invalid(field, field + " must be a JSON Schema object.");
    }
    JsonNode defs = schema.has("$defs") ? schema.get("$defs") : schema.path("definitions");
    return cleanNode(schema, defs, field, 0);
  }

  private static ObjectNode cleanNode(JsonNode schema, JsonNode defs, String field, int depth) {
    if (depth > MAX_DEPTH) {
      throw GatewayException.invalid(
          field,
          field
              + " is recursive or nested too deeply; Gemini schemas cannot reference themselves.");
    }
    if (!schema.isObject()) {
      return NODES.objectNode(); // `true` or garbage: any value
    }
    if (schema.has("$ref")) {
      return cleanNode(resolve(schema.get("$ref").asText(), defs, field), defs, field, depth + 1);
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      switch (key) {
        case "type" -> type(value, out);
        case "const" -> out.putArray("enum").add(value);
        case "properties" -> {
          ObjectNode props = out.putObject("properties");
          value
              .fields()
              .forEachRemaining(
                  p -> props.set(p.getKey(), cleanNode(p.getValue(), defs, field, depth + 1)));
        }
        case "items" ->
            out.set(
                "items",
                cleanNode(
                    value.isArray() && !value.isEmpty() ? value.get(0) : value,
                    defs,
                    field,
                    depth + 1));
        case "anyOf", "oneOf" -> {
          ArrayNode any = out.putArray("anyOf");
          for (JsonNode option : value) {
            if ("null".equals(option.path("type").asText())) {
              out.put("nullable", true);
            } else {
              any.add(cleanNode(option, defs, field, depth + 1));
            }
          }
          if (any.size() == 1) {
            out.remove("anyOf");
            out.setAll((ObjectNode) any.get(0));
          }
        }
        case "allOf" -> {
          for (JsonNode part : value) {
            out.setAll(cleanNode(part, defs, field, depth + 1));
          }
        }
        default -> {
          if (KEPT.contains(key)) {
            out.set(key, value.deepCopy());
          }
        }
      }
    }
    return out;
  }

  private static void type(JsonNode value, ObjectNode out) {
    if (value.isArray()) {
      String first = null;
      for (JsonNode t : value) {
        if ("null".equals(t.asText())) {
          out.put("nullable", true);
        } else if (first == null) {
          first = t.asText();
        }
      }
      if (first != null) {
        out.put("type", first);
      }
    } else if ("null".equals(value.asText())) {
      out.put("nullable", true);
    } else {
      out.set("type", value.deepCopy());
    }
  }

  private static JsonNode resolve(String ref, JsonNode defs, String field) {
    for (String prefix : new String[] {"#/$defs/", "#/definitions/"}) {
      if (ref.startsWith(prefix) && defs.has(ref.substring(prefix.length()))) {
        return defs.get(ref.substring(prefix.length()));
      }
    }
    throw GatewayException.invalid(
        field,
        field + " uses $ref \"" + ref + "\", which is not a local definition Gemini can inline.");
  }
}
