package switchboard.wire.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static switchboard.wire.responses.ResponsesReaderTest.body;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The conversation a stored response closes, as the items a continuation puts first. */
class ResponsesHistoryTest {

  private static final ObjectNode RESPONSE =
      body(
          """
      {"id":"resp_1","output":[
        {"id":"rs_1","type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"hm"}]},
        {"id":"msg_1","type":"message","status":"completed","role":"assistant",
         "content":[{"type":"output_text","text":"Let me check.","annotations":[]}]},
        {"id":"fc_1","type":"function_call","status":"completed","call_id":"call_1","name":"f","arguments":"{}"}]}
      """);

  @Test
  void aTranslatedResponseIsFedBackWithoutTheGatewaysIdsOrReasoning() {
    ArrayNode input = ResponsesHistory.inputItems(body("{\"i\":\"Weather?\"}").get("i"));

    ArrayNode items = ResponsesHistory.of(input, RESPONSE, false);

    assertThat(items)
        .isEqualTo(
            body("""
        {"h":[{"role":"user","content":"Weather?"},
              {"role":"assistant","content":"Let me check."},
              {"type":"function_call","call_id":"call_1","name":"f","arguments":"{}"}]}
        """)
                .get("h"));
    // And the reader takes them back.
    ObjectNode next = body("{\"model\":\"sim/x\",\"input\":\"ok\"}");
    assertThat(
            ResponsesReader.continued(ResponsesReader.read(next), items)
                .canonical()
                .body()
                .get("messages"))
        .hasSize(3);
  }

  @Test
  void anUpstreamsOwnResponseIsFedBackAsItCame() {
    ArrayNode items = ResponsesHistory.of(body("{\"i\":[]}").withArray("i"), RESPONSE, true);

    assertThat(items).isEqualTo(RESPONSE.get("output"));
  }
}
