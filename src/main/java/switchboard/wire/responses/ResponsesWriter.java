package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a canonical (OpenAI {@code chat.completion}) answer as a Responses object, for {@code
 * /v1/responses} requests served through the canonical shape: the reasoning (when the provider
 * returned it) as a {@code reasoning} item, the text (or refusal) as one assistant {@code message}
 * with an {@code output_text} part, each tool call as a {@code function_call} item ({@code call_id}
 * is the canonical call id). A {@code length} finish leaves the response {@code incomplete} ({@code
 * max_output_tokens}).
 */
public final class ResponsesWriter {

  private ResponsesWriter() {}

  public static ObjectNode fromCanonical(ObjectNode chatCompletion, ResponseShell shell) {
    JsonNode choice = chatCompletion.path("choices").path(0);
    JsonNode message = choice.path("message");
    JsonNode finish = choice.get("finish_reason");
    String finishReason = finish != null && finish.isTextual() ? finish.asText() : null;
    JsonNode model = chatCompletion.get("model");
    ObjectNode out =
        shell.response("completed", model != null && model.isTextual() ? model.asText() : null);
    ArrayNode output = (ArrayNode) out.get("output");
    String reasoning = Outputs.reasoningText(message);
    if (reasoning != null) {
      output.add(Outputs.reasoning(shell.itemId("rs", 0), reasoning));
    }
    String itemStatus = Outputs.status(finishReason);
    String text = text(message.get("content"));
    String refusal = Outputs.text(message, "refusal");
    if (!text.isEmpty()) {
      output.add(Outputs.message(shell.itemId("msg", 0), itemStatus, Outputs.textPart(text)));
    } else if (refusal != null) {
      output.add(Outputs.message(shell.itemId("msg", 0), itemStatus, Outputs.refusalPart(refusal)));
    }
    int n = 0;
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      String fc = shell.itemId("fc", n);
      String callId = call.path("id").isTextual() ? call.path("id").asText() : "call_" + fc;
      output.add(
          Outputs.functionCall(
              fc,
              "completed",
              callId,
              function.path("name").asText(""),
              function.path("arguments").asText("")));
      n++;
    }
    Outputs.finish(out, finishReason, chatCompletion.get("usage"));
    return out;
  }

  /** Message content as one string: a string as is, text parts concatenated. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("type").asText().equals("text")) {
        text.append(part.path("text").asText(""));
      }
    }
    return text.toString();
  }
}
