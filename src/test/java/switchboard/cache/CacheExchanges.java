package switchboard.cache;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Operation;

/** Builds the exchanges of the cache tests (the one place that knows how an Exchange is made). */
final class CacheExchanges {

  private CacheExchanges() {}

  static Exchange chat(String keyId, String question, GatewayOptions options) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    return new Exchange(
        "req-" + System.nanoTime(),
        0,
        0,
        Operation.CHAT,
        keyId,
        body,
        "openai/gpt-5",
        List.of(),
        false,
        false,
        options);
  }
}
