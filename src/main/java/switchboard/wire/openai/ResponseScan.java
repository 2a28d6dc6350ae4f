package switchboard.wire.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads what the gateway needs from a complete OpenAI answer without building its tree: the model,
 * the usage object, an error object, and whether {@code choices} or {@code data} is an array. The
 * rest of the document is skipped token by token (an embeddings answer is mostly floats), yet the
 * whole document is still checked to be well-formed JSON.
 *
 * @param model the top-level {@code model}, or null
 * @param usage the {@code usage} object, or null
 * @param error the {@code error} member, or null
 * @param hasChoices whether {@code choices} is an array
 * @param hasData whether {@code data} is an array
 */
public record ResponseScan(
    String model, JsonNode usage, JsonNode error, boolean hasChoices, boolean hasData) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  /** Scans {@code bytes}; throws IOException when they are not one JSON object. */
  public static ResponseScan of(byte[] bytes) throws IOException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      String model = null;
      JsonNode usage = null;
      JsonNode error = null;
      boolean choices = false;
      boolean data = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "usage" -> usage = value == JsonToken.START_OBJECT ? JSON.readTree(p) : null;
          case "error" -> error = JSON.readTree(p);
          case "choices" -> {
            choices = value == JsonToken.START_ARRAY;
            p.skipChildren();
          }
          case "data" -> {
            data = value == JsonToken.START_ARRAY;
            p.skipChildren();
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("trailing content after the JSON object");
      }
      return new ResponseScan(model, usage, error, choices, data);
    }
  }
}
