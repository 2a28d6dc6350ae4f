package switchboard.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import switchboard.model.ModelRef;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.GatewayException;
import switchboard.usage.TokenCounter;
import switchboard.wire.anthropic.inbound.MessagesReader;
import switchboard.wire.openai.InboundRequest;
import switchboard.wire.openai.RequestReader;

/**
 * {@code POST /v1/messages/count_tokens}, which Anthropic's SDKs and Claude Code call before
 * sending long conversations: the prompt's tokens as {@code {"input_tokens": N}}. Counted by the
 * gateway's tokenizer for any model, so the figure is an estimate for non-OpenAI models (it does
 * not call the provider); errors in Anthropic's envelope.
 */
final class CountTokensHandler implements Handler<RoutingContext> {

  private final TokenCounter tokens;

  CountTokensHandler(TokenCounter tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      ProxyHandler.requireJson(ctx);
      ObjectNode body = RequestReader.object(ctx.body().buffer());
      if (!body.has("max_tokens")) {
        body.put("max_tokens", 1); // not part of a count request; the reader requires it
      }
      InboundRequest request = MessagesReader.read(body).canonical();
      ModelRef ref = ModelRef.parse(request.model());
      int count = tokens.prompt(ref == null ? request.model() : ref.model(), request.body());
      ObjectNode answer = JsonNodeFactory.instance.objectNode().put("input_tokens", count);
      Replies.json(ctx.response(), 200, Buffer.buffer(answer.toString()));
    } catch (GatewayException e) {
      Replies.error(ctx.response(), e, Dialect.ANTHROPIC);
    }
  }
}
