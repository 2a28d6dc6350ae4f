package switchboard.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import switchboard.guard.pii.PiiScanner;
import switchboard.guard.pii.Placeholders;

class RestoringTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "jane.doe@example.com";

  private static Placeholders redacted(String prompt) {
    Placeholders p = new Placeholders();
    assertThat(p.redact(prompt, new PiiScanner().scan(prompt))).contains("[EMAIL_1]");
    return p;
  }

  private static ObjectNode chunk(String content, String finish) {
    ObjectNode c = JSON.createObjectNode();
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    if (content != null) {
      choice.putObject("delta").put("content", content);
    }
    if (finish != null) {
      choice.put("finish_reason", finish);
    }
    return c;
  }

  @Test
  void aStreamSplitAtAnyTwoPositionsComesOutWhole() {
    String answer = "Mail [EMAIL_1] today, [EMAIL_1]!";
    String expected = "Mail " + EMAIL + " today, " + EMAIL + "!";
    for (int i = 0; i <= answer.length(); i++) {
      for (int j = i; j <= answer.length(); j++) {
        Restoring hook = new Restoring(redacted("write to " + EMAIL));
        StringBuilder out = new StringBuilder();
        for (String piece :
            List.of(answer.substring(0, i), answer.substring(i, j), answer.substring(j))) {
          out.append(hook.chunk(chunk(piece, null)).at("/choices/0/delta/content").asText());
        }
        out.append(hook.chunk(chunk(null, "stop")).at("/choices/0/delta/content").asText());
        assertThat(out.toString()).as("split at %d, %d", i, j).isEqualTo(expected);
      }
    }
  }

  @Test
  void aCompleteAnswerAndItsToolCallArgumentsGetTheValuesBack() throws Exception {
    Restoring hook = new Restoring(redacted("write to " + EMAIL));
    ObjectNode answer =
        (ObjectNode)
            JSON.readTree(
                "{\"choices\":[{\"message\":{\"content\":\"Sent to [EMAIL_1].\",\"tool_calls\":"
                    + "[{\"function\":{\"name\":\"send\",\"arguments\":\"{\\\"to\\\":\\\"[EMAIL_1]\\\"}\"}}]}}]}");
    ObjectNode restored = hook.answer(answer);
    assertThat(restored.at("/choices/0/message/content").asText())
        .isEqualTo("Sent to " + EMAIL + ".");
    assertThat(restored.at("/choices/0/message/tool_calls/0/function/arguments").asText())
        .contains(EMAIL);
  }

  @Test
  void textThatOnlyLooksLikeAPlaceholderIsLeftAlone() {
    Restoring hook = new Restoring(redacted("write to " + EMAIL));
    String out =
        hook.chunk(chunk("see [EMAIL_2] and [note]", "stop"))
            .at("/choices/0/delta/content")
            .asText();
    assertThat(out).isEqualTo("see [EMAIL_2] and [note]");
  }

  private static ObjectNode callChunk(int call, String arguments, String finish) {
    ObjectNode c = JSON.createObjectNode();
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    if (arguments != null) {
      choice
          .putObject("delta")
          .putArray("tool_calls")
          .addObject()
          .put("index", call)
          .putObject("function")
          .put("arguments", arguments);
    }
    if (finish != null) {
      choice.put("finish_reason", finish);
    }
    return c;
  }

  /** The arguments a client assembles from the chunks, per tool call index. */
  private static void collect(ObjectNode chunk, StringBuilder[] byCall) {
    for (var call : chunk.at("/choices/0/delta/tool_calls")) {
      byCall[call.path("index").asInt()].append(call.at("/function/arguments").asText());
    }
  }

  @Test
  void streamedToolCallArgumentsSplitAnywhereComeOutWholeForEachCall() {
    String first = "{\"to\":\"[EMAIL_1]\"}";
    String second = "{\"cc\":\"[EMAIL_1]\",\"n\":1}";
    for (int i = 0; i <= first.length(); i++) {
      for (int j = 0; j <= second.length(); j++) {
        Restoring hook = new Restoring(redacted("write to " + EMAIL));
        StringBuilder[] out = {new StringBuilder(), new StringBuilder()};
        // the two calls' fragments interleave, as parallel tool calls do
        collect(hook.chunk(callChunk(0, first.substring(0, i), null)), out);
        collect(hook.chunk(callChunk(1, second.substring(0, j), null)), out);
        collect(hook.chunk(callChunk(0, first.substring(i), null)), out);
        collect(hook.chunk(callChunk(1, second.substring(j), null)), out);
        collect(hook.chunk(callChunk(0, null, "tool_calls")), out);
        assertThat(out[0].toString()).as("split at %d", i).isEqualTo("{\"to\":\"" + EMAIL + "\"}");
        assertThat(out[1].toString())
            .as("split at %d", j)
            .isEqualTo("{\"cc\":\"" + EMAIL + "\",\"n\":1}");
      }
    }
  }
}
