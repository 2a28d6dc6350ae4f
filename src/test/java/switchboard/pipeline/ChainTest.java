package switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import switchboard.model.Usage;

class ChainTest {

  private static final Reply.Origin ORIGIN = new Reply.Origin("sim", "sim/echo");

  static Exchange exchange() {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", "sim/echo");
    return new Exchange(
        "req-1",
        0,
        0,
        Operation.CHAT,
        "key",
        body,
        "sim/echo",
        List.of(),
        false,
        false,
        GatewayOptions.NONE);
  }

  private static Reply answer(String text) {
    return new Reply.Answer(
        ORIGIN, JsonNodeFactory.instance.objectNode().put("text", text), Usage.NONE);
  }

  @Test
  void stagesRunInOrderAndTheLastAnswers() {
    List<String> ran = new ArrayList<>();
    Chain chain =
        Chain.of(
            (ex, next) -> {
              ran.add("admit");
              return next.apply(ex);
            },
            (ex, next) -> {
              ran.add("route");
              return Future.succeededFuture(answer("routed"));
            });

    Reply reply = chain.apply(exchange()).result();

    assertThat(ran).containsExactly("admit", "route");
    assertThat(((Reply.Answer) reply).body().get("text").asText()).isEqualTo("routed");
  }

  @Test
  void aStageThatAnswersSkipsTheRest() {
    List<String> ran = new ArrayList<>();
    Chain chain =
        Chain.of(
            (ex, next) -> Future.succeededFuture(answer("cached")),
            (ex, next) -> {
              ran.add("route");
              return Future.succeededFuture(answer("routed"));
            });

    Reply reply = chain.apply(exchange()).result();

    assertThat(ran).isEmpty();
    assertThat(((Reply.Answer) reply).body().get("text").asText()).isEqualTo("cached");
  }

  @Test
  void aStageRewritesTheRequestForTheStagesAfterIt() {
    Exchange exchange = exchange();
    exchange.inbound(switchboard.pipeline.Dialect.ANTHROPIC, exchange.body().deepCopy(), null);
    Chain chain =
        Chain.of(
            (ex, next) -> {
              ex.rewrite(ex.body().deepCopy().put("redacted", true));
              return next.apply(ex);
            },
            (ex, next) -> Future.succeededFuture(answer(ex.body().path("redacted").asText())));

    Reply reply = chain.apply(exchange).result();

    assertThat(((Reply.Answer) reply).body().get("text").asText()).isEqualTo("true");
    assertThat(exchange.nativeBody()).isNull(); // nothing the client sent goes upstream as is
  }

  @Test
  void hooksRunNearestTheAnswerFirst() {
    Exchange exchange = exchange();
    exchange.hook(new Named("outer"));
    exchange.hook(new Named("inner"));

    assertThat(exchange.hooks())
        .extracting(h -> ((Named) h).name)
        .containsExactly("inner", "outer");
    assertThat(exchange.hooked()).isTrue();
  }

  @Test
  void aThrowingStageOrAnExhaustedChainFailsTheFuture() {
    Future<Reply> thrown =
        Chain.of(
                (ex, next) -> {
                  throw new IllegalStateException("boom");
                })
            .apply(exchange());
    Future<Reply> exhausted = Chain.of((ex, next) -> next.apply(ex)).apply(exchange());

    assertThat(thrown.cause()).hasMessage("boom");
    assertThat(exhausted.cause()).hasMessageContaining("no stage answered");
  }

  @Test
  void slotsAreTypedPerStage() {
    Exchange.Slot<String> key = new Exchange.Slot<>("cache.key");
    Exchange.Slot<String> other = new Exchange.Slot<>("cache.key");
    Exchange exchange = exchange();

    exchange.put(key, "abc");

    assertThat(exchange.get(key)).isEqualTo("abc");
    assertThat(exchange.get(other)).isNull(); // same name, another stage's slot
  }

  private record Named(String name) implements AnswerHook {}
}
