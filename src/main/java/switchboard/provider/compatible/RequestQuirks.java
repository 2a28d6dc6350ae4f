package switchboard.provider.compatible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.regex.Pattern;

/** Rewrites an OpenAI request body for a vendor's known refusals (wire-formats §6.9). */
final class RequestQuirks {

  private static final Pattern MISTRAL_ID = Pattern.compile("[a-zA-Z0-9]{9}");
  private static final char[] ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private RequestQuirks() {}

  static void apply(ObjectNode body, Vendor vendor) {
    for (String field : vendor.droppedParams()) {
      body.remove(field);
    }
    for (Map.Entry<String, String> rename : vendor.renamedParams().entrySet()) {
      JsonNode value = body.remove(rename.getKey());
      if (value != null) {
        body.set(rename.getValue(), value);
      }
    }
    boolean noName = vendor.flags().contains(Vendor.Quirk.NO_MESSAGE_NAME);
    boolean mistral = vendor.flags().contains(Vendor.Quirk.MISTRAL_TOOLS);
    for (JsonNode message : body.path("messages")) {
      if (!(message instanceof ObjectNode m)) {
        continue;
      }
      if (!vendor.acceptsDeveloperRole() && "developer".equals(m.path("role").asText())) {
        m.put("role", "system");
      }
      if (noName) {
        m.remove("name");
      }
      if (mistral) {
        mistralToolIds(m);
      }
    }
    if (mistral && "required".equals(body.path("tool_choice").asText(null))) {
      body.put("tool_choice", "any");
    }
    if (vendor.flags().contains(Vendor.Quirk.NONE_TOOL_CHOICE_DROPS_TOOLS)
        && "none".equals(body.path("tool_choice").asText(null))) {
      body.remove("tool_choice");
      body.remove("tools");
    }
  }

  /** Mistral wants 9 alphanumerics; the same id maps to the same replacement in every message. */
  private static void mistralToolIds(ObjectNode message) {
    for (JsonNode call : message.path("tool_calls")) {
      if (call instanceof ObjectNode c && c.has("id")) {
        c.put("id", mistralId(c.get("id").asText()));
      }
    }
    if (message.has("tool_call_id")) {
      message.put("tool_call_id", mistralId(message.get("tool_call_id").asText()));
    }
  }

  static String mistralId(String id) {
    if (MISTRAL_ID.matcher(id).matches()) {
      return id;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      char[] out = new char[9];
      for (int i = 0; i < out.length; i++) {
        out[i] = ALPHANUMERIC[(digest[i] & 0xff) % ALPHANUMERIC.length];
      }
      return new String(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
