package switchboard.wire.anthropic.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GatewayException;

/**
 * Every node of a rich valid body replaced in turn by a value of each other JSON type: the reader
 * either accepts the body or fails with a 400 naming a field, never with another exception.
 */
class MessagesReaderRobustnessTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String RICH =
      """
      {"model":"m/x","max_tokens":100,"system":[{"type":"text","text":"s","cache_control":{"type":"ephemeral"}}],
       "temperature":0.5,"top_k":5,"stop_sequences":["x"],"metadata":{"user_id":"u"},"stream":true,
       "thinking":{"type":"enabled","budget_tokens":2048},
       "tools":[{"name":"f","description":"d","input_schema":{"type":"object"}}],
       "tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true},
       "switchboard":{"tags":["t"]},"models":["a/b"],
       "messages":[
        {"role":"user","content":[{"type":"text","text":"hi"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA"}},
          {"type":"document","source":{"type":"content","content":[{"type":"text","text":"c"}]}}]},
        {"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},
          {"type":"tool_use","id":"t1","name":"f","input":{"a":1}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1",
          "content":[{"type":"text","text":"r"},{"type":"image","source":{"type":"url","url":"u"}}]}]}]}
      """;
  private static final List<JsonNode> REPLACEMENTS =
      List.of(
          NODES.nullNode(),
          NODES.numberNode(7),
          NODES.numberNode(-1.5),
          NODES.textNode(""),
          NODES.textNode("zz"),
          NODES.booleanNode(true),
          NODES.arrayNode(),
          NODES.arrayNode().add(1),
          NODES.objectNode());

  @Test
  void everyMutationIsAcceptedOrA400() {
    ObjectNode original = MessagesReaderTest.body(RICH);
    int mutations = 0;
    for (List<Object> path : paths(original, new ArrayList<>(), new ArrayList<>())) {
      for (JsonNode replacement : REPLACEMENTS) {
        ObjectNode copy = original.deepCopy();
        set(copy, path, replacement);
        mutations++;
        try {
          MessagesRequest request = MessagesReader.read(copy);
          assertThat(request.canonical().body().get("messages")).isNotEmpty();
        } catch (GatewayException e) {
          assertThat(e.status()).as("%s = %s", path, replacement).isEqualTo(400);
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    }
    assertThat(mutations).isGreaterThan(500);
  }

  private static List<List<Object>> paths(
      JsonNode node, List<Object> prefix, List<List<Object>> out) {
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                List<Object> p = new ArrayList<>(prefix);
                p.add(name);
                out.add(p);
                paths(node.get(name), p, out);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> p = new ArrayList<>(prefix);
        p.add(i);
        out.add(p);
        paths(node.get(i), p, out);
      }
    }
    return out;
  }

  private static void set(JsonNode root, List<Object> path, JsonNode value) {
    JsonNode parent = root;
    for (Object step : path.subList(0, path.size() - 1)) {
      parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) {
      ((ArrayNode) parent).set(i, value);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
  }
}
