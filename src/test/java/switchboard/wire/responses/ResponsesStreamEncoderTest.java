package switchboard.wire.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.responses.ResponsesReaderTest.body;
import static switchboard.wire.responses.ResponsesWriterTest.SHELL;
import static switchboard.wire.responses.ResponsesWriterTest.norm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canonical chunks → the Responses event sequence, checked golden and by the SDK's models. */
class ResponsesStreamEncoderTest {

  static ObjectNode chunk(String delta, String finish) {
    ObjectNode chunk =
        body(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"claude-sonnet-4-5\",\"choices\":[{\"index\":0,\"delta\":"
                + delta
                + "}]}");
    ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", finish);
    return chunk;
  }

  static ObjectNode usage(String usage) {
    return body(
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"claude-sonnet-4-5\",\"choices\":[],\"usage\":"
            + usage
            + "}");
  }

  static final List<ObjectNode> TEXT =
      List.of(
          chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
          chunk("{\"content\":\"Hel\"}", null),
          chunk("{\"content\":\"lo ☕\"}", null),
          chunk("{}", "stop"),
          usage(
              "{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14,"
                  + "\"prompt_tokens_details\":{\"cached_tokens\":4}}"));

  static final List<ObjectNode> REASONING_TEXT_TOOLS =
      List.of(
          chunk("{\"role\":\"assistant\",\"reasoning_content\":\"Think\"}", null),
          chunk("{\"reasoning_content\":\"ing.\"}", null),
          chunk("{\"content\":\"Let me check.\"}", null),
          chunk(
              "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                  + "\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}",
              null),
          chunk(
              "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
              null),
          chunk(
              "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}",
              null),
          chunk(
              "{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\","
                  + "\"function\":{\"name\":\"time\",\"arguments\":\"{}\"}}]}",
              null),
          chunk("{}", "tool_calls"),
          usage(
              "{\"prompt_tokens\":50,\"completion_tokens\":30,\"total_tokens\":80,"
                  + "\"completion_tokens_details\":{\"reasoning_tokens\":12}}"));

  static String encode(ResponsesStreamEncoder encoder, List<ObjectNode> chunks) {
    StringBuilder out = new StringBuilder();
    for (ObjectNode chunk : chunks) {
      out.append(encoder.chunk(chunk).toString());
    }
    return out.append(encoder.end().toString()).toString();
  }

  @Test
  void textStream() {
    List<JsonNode> events = Events.of(encode(new ResponsesStreamEncoder(SHELL), TEXT));

    assertThat(Events.types(events))
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    assertThat(events.get(0).path("response").path("status").asText()).isEqualTo("in_progress");
    assertThat(events.get(0).path("response").path("model").asText())
        .isEqualTo("claude-sonnet-4-5");
    assertThat(norm(events.get(2)))
        .isEqualTo(
            body(
                """
        {"type":"response.output_item.added","sequence_number":2,"output_index":0,
         "item":{"id":"msg_abc","type":"message","status":"in_progress","content":[],"role":"assistant"}}
        """));
    assertThat(norm(events.get(4)))
        .isEqualTo(
            body(
                """
        {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_abc",
         "output_index":0,"content_index":0,"delta":"Hel","logprobs":[]}
        """));
    assertThat(events.get(6).path("text").asText()).isEqualTo("Hello ☕");
    assertSequenced(events);
    events.forEach(e -> SdkShapes.event(e.toString()));
  }

  @Test
  void theCompletedResponseIsWhatTheWriterWrites() {
    for (List<ObjectNode> chunks : List.of(TEXT, REASONING_TEXT_TOOLS)) {
      List<JsonNode> events = Events.of(encode(new ResponsesStreamEncoder(SHELL), chunks));
      JsonNode completed = events.get(events.size() - 1).path("response");

      assertThat(norm(completed))
          .isEqualTo(norm(ResponsesWriter.fromCanonical(answer(chunks), SHELL)));
      SdkShapes.response(completed.toString());
    }
  }

  @Test
  void reasoningTextAndTwoToolCalls() {
    List<JsonNode> events =
        Events.of(encode(new ResponsesStreamEncoder(SHELL), REASONING_TEXT_TOOLS));

    assertThat(Events.types(events))
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.reasoning_text.delta",
            "response.reasoning_text.delta",
            "response.reasoning_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.output_item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.output_item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.completed");
    JsonNode firstCallDone = events.get(19).path("item");
    assertThat(norm(firstCallDone))
        .isEqualTo(
            body(
                """
        {"id":"fc_abc","type":"function_call","status":"completed",
         "arguments":"{\\"city\\":\\"Paris\\"}","call_id":"call_1","name":"weather"}
        """));
    assertThat(events.get(20).path("output_index").asInt()).isEqualTo(3);
    JsonNode usage = events.get(events.size() - 1).path("response").path("usage");
    assertThat(usage.path("output_tokens_details").path("reasoning_tokens").asInt()).isEqualTo(12);
    assertSequenced(events);
    events.forEach(e -> SdkShapes.event(e.toString()));
  }

  @Test
  void lengthFinishEndsInResponseIncomplete() {
    List<JsonNode> events =
        Events.of(
            encode(
                new ResponsesStreamEncoder(SHELL),
                List.of(chunk("{\"content\":\"Once up\"}", null), chunk("{}", "length"))));

    JsonNode last = events.get(events.size() - 1);
    assertThat(last.path("type").asText()).isEqualTo("response.incomplete");
    assertThat(last.path("response").path("incomplete_details").path("reason").asText())
        .isEqualTo("max_output_tokens");
    SdkShapes.event(last.toString());
  }

  @Test
  void aBrokenStreamEndsInResponseFailedNeverCompleted() {
    ResponsesStreamEncoder encoder = new ResponsesStreamEncoder(SHELL);
    StringBuilder sse = new StringBuilder();
    sse.append(encoder.chunk(chunk("{\"content\":\"Hel\"}", null)));
    sse.append(encoder.error("stream_broken", "The upstream stream broke."));
    sse.append(encoder.end()); // nothing more after the error

    List<JsonNode> events = Events.of(sse.toString());

    assertThat(Events.types(events)).doesNotContain("response.completed");
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.path("type").asText()).isEqualTo("response.failed");
    assertThat(last.path("response").path("status").asText()).isEqualTo("failed");
    assertThat(last.path("response").path("error").path("code").asText()).isEqualTo("server_error");
    assertThat(last.path("response").path("error").path("message").asText())
        .isEqualTo("The upstream stream broke.");
    assertSequenced(events);
    events.forEach(e -> SdkShapes.event(e.toString()));
  }

  static void assertSequenced(List<JsonNode> events) {
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("sequence_number").asInt()).as("event " + i).isEqualTo(i);
    }
  }

  /** The complete answer the chunks make, as a canonical chat.completion. */
  static ObjectNode answer(List<ObjectNode> chunks) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    java.util.Map<Integer, ObjectNode> calls = new java.util.TreeMap<>();
    String finish = null;
    JsonNode usage = null;
    for (ObjectNode chunk : chunks) {
      if (chunk.has("usage")) {
        usage = chunk.get("usage");
      }
      JsonNode choice = chunk.path("choices").path(0);
      JsonNode delta = choice.path("delta");
      text.append(delta.path("content").asText(""));
      reasoning.append(delta.path("reasoning_content").asText(""));
      for (JsonNode call : delta.path("tool_calls")) {
        ObjectNode c =
            calls.computeIfAbsent(
                call.path("index").asInt(),
                i -> {
                  ObjectNode n = body("{\"type\":\"function\",\"function\":{\"arguments\":\"\"}}");
                  n.put("id", call.path("id").asText());
                  ((ObjectNode) n.get("function"))
                      .put("name", call.path("function").path("name").asText());
                  return n;
                });
        ObjectNode f = (ObjectNode) c.get("function");
        f.put(
            "arguments",
            f.path("arguments").asText() + call.path("function").path("arguments").asText(""));
      }
      if (choice.path("finish_reason").isTextual()) {
        finish = choice.path("finish_reason").asText();
      }
    }
    ObjectNode out = body("{\"id\":\"chatcmpl-1\",\"model\":\"claude-sonnet-4-5\"}");
    ObjectNode choice = out.putArray("choices").addObject();
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    message.put("content", text.toString());
    if (reasoning.length() > 0) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (!calls.isEmpty()) {
      message.putArray("tool_calls").addAll(calls.values());
    }
    choice.put("finish_reason", finish);
    out.set("usage", usage);
    return out;
  }
}
