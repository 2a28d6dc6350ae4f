package switchboard.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.provider.Failure;

/**
 * The stream relay on its own: a loopback upstream writes scripted SSE, the relay reads it through
 * a real Vert.x client response, and a recording sink stands in for the client. What the dispatcher
 * and the exit rely on: the commit point, held frames, the end outcome, and backpressure.
 */
class StreamRelayTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static HttpClient client;

  /** The event loop of the relay under test: everything touching it runs there. */
  private static volatile io.vertx.core.Context loop;

  /** What the upstream writes for the next request: frames, each sent after a short pause. */
  private static volatile Consumer<HttpServerResponse> script;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        Loopback.listen(
            vertx,
            req -> {
              HttpServerResponse res = req.response();
              res.setChunked(true).putHeader("content-type", "text/event-stream");
              script.accept(res);
            });
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static String chunk(String content) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m-1\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + content
        + "\"},\"finish_reason\":null}]}\n\n";
  }

  private static final String ROLE =
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m-1\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n";
  private static final String STOP =
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m-1\","
          + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  /** Writes {@code frames} 20 ms apart, then ends the response (or resets it when null ends it). */
  private static Consumer<HttpServerResponse> frames(boolean end, String... frames) {
    return res -> {
      long delay = 1;
      for (String frame : frames) {
        vertx.setTimer(delay, t -> res.write(frame));
        delay += 20;
      }
      vertx.setTimer(
          delay,
          t -> {
            if (end) {
              res.end();
            } else {
              res.reset();
            }
          });
    };
  }

  /** A sink that records what the client would receive, and can pretend to be slow. */
  private static final class Sink implements StreamSink {
    final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
    final CompletableFuture<StreamEnd> end = new CompletableFuture<>();
    final AtomicBoolean full = new AtomicBoolean();
    final AtomicInteger ends = new AtomicInteger();
    volatile Runnable drain;

    @Override
    public void frame(Buffer frame) {
      frames.add(frame.toString());
    }

    @Override
    public boolean writeQueueFull() {
      return full.get();
    }

    @Override
    public void drainHandler(Runnable onDrain) {
      drain = onDrain;
    }

    @Override
    public void end(StreamEnd streamEnd) {
      ends.incrementAndGet();
      end.complete(streamEnd);
    }

    String text() {
      return String.join("", frames);
    }
  }

  /** Opens the upstream stream and wraps it in a relay, on the event loop. */
  private static StreamRelay relay(Consumer<HttpServerResponse> upstream) throws Exception {
    script = upstream;
    CompletableFuture<StreamRelay> relay = new CompletableFuture<>();
    vertx.runOnContext(
        v ->
            client
                .request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/v1/chat/completions")
                .compose(req -> req.send())
                .onSuccess(
                    res -> {
                      loop = Vertx.currentContext();
                      relay.complete(
                          new StreamRelay(res, Targets.provider("up"), true, System::nanoTime));
                    })
                .onFailure(relay::completeExceptionally));
    return relay.get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void attach(StreamRelay relay, Sink sink) throws Exception {
    Promise<Void> done = Promise.promise();
    loop.runOnContext(
        v -> {
          relay.attach(sink);
          done.complete();
        });
    await(done.future());
  }

  @Test
  void commitsAtTheFirstContentNotAtTheRoleChunkAndHandsOverWhatItHeld() throws Exception {
    StreamRelay relay = relay(frames(true, ROLE, chunk("Hel"), chunk("lo"), STOP, DONE));
    await(relay.committed());
    assertThat(relay.firstContentNanos()).isPositive();
    Sink sink = new Sink();
    attach(relay, sink);
    StreamEnd end = sink.end.get(10, TimeUnit.SECONDS);

    assertThat(end.complete()).isTrue();
    assertThat(sink.ends).hasValue(1);
    String out = sink.text();
    assertThat(out.indexOf("\"role\":\"assistant\""))
        .as("the held role chunk comes first")
        .isBetween(0, out.indexOf("Hel"));
    // [DONE] is the exit's to write, once the sink hears the end
    assertThat(out).contains("Hel").contains("lo").doesNotContain("[DONE]");
    assertThat(relay.relayedText()).isEqualTo("Hello");
    assertThat(end.relayedText().get()).isEqualTo("Hello");
    assertThat(end.finishReason()).isEqualTo("stop");
    assertThat(end.servedModel()).isEqualTo("m-1");
    assertThat(end.usage().input()).isEqualTo(7);
    assertThat(end.usage().output()).isEqualTo(3);
  }

  @Test
  void anUpstreamErrorBeforeTheFirstContentFailsTheCommitSoTheDispatcherCanFailOver()
      throws Exception {
    StreamRelay relay =
        relay(
            frames(
                true,
                ROLE,
                "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n"));
    Throwable failure =
        relay.committed().toCompletionStage().toCompletableFuture().handle((v, e) -> e).get();
    assertThat(failure).isInstanceOf(UpstreamFailure.class);
    assertThat(((UpstreamFailure) failure).error().message()).contains("overloaded");
  }

  @Test
  void aStreamCutAfterItsContentEndsBrokenNeverComplete() throws Exception {
    StreamRelay relay = relay(frames(false, ROLE, chunk("Hel"), chunk("lo")));
    await(relay.committed());
    Sink sink = new Sink();
    List<StreamEnd> heard = new ArrayList<>();
    loop.runOnContext(v -> relay.onEnd(heard::add));
    attach(relay, sink);
    StreamEnd end = sink.end.get(10, TimeUnit.SECONDS);

    assertThat(end.complete()).isFalse();
    assertThat(end.error().failure()).isEqualTo(Failure.STREAM_BROKEN);
    assertThat(sink.text()).contains("Hel").doesNotContain("[DONE]");
    assertThat(sink.ends).hasValue(1);
    assertThat(heard).as("the dispatcher hears the same end once").containsExactly(end);
  }

  @Test
  void anUpstreamThatEndsWithoutAFinishIsBrokenToo() throws Exception {
    StreamRelay relay = relay(frames(true, ROLE, chunk("Hel")));
    await(relay.committed());
    Sink sink = new Sink();
    attach(relay, sink);
    StreamEnd end = sink.end.get(10, TimeUnit.SECONDS);
    assertThat(end.complete()).isFalse();
    assertThat(end.error().message()).contains("ended before it was complete");
  }

  /** A role chunk, {@code n} content chunks {@code t1 … tn}, the stop chunk and [DONE]. */
  private static String[] longStream(int n) {
    String[] frames = new String[n + 3];
    frames[0] = ROLE;
    for (int i = 1; i <= n; i++) {
      frames[i] = chunk("t" + i + " ");
    }
    frames[n + 1] = STOP;
    frames[n + 2] = DONE;
    return frames;
  }

  @Test
  void aSlowClientPausesTheUpstreamUntilItDrains() throws Exception {
    StreamRelay relay = relay(frames(true, longStream(39)));
    await(relay.committed());
    Sink sink = new Sink();
    sink.full.set(true); // the client's write queue is full from the start
    attach(relay, sink);
    Thread.sleep(400); // the upstream would have sent about 20 more frames by now
    int whilePaused = sink.frames.size();
    assertThat(whilePaused)
        .as("nothing is read from a paused upstream but what was already held")
        .isLessThanOrEqualTo(2);
    assertThat(sink.end).isNotDone();

    sink.full.set(false);
    loop.runOnContext(v -> sink.drain.run());
    StreamEnd end = sink.end.get(10, TimeUnit.SECONDS);
    assertThat(end.complete()).isTrue();
    assertThat(relay.relayedText()).contains("t1 ").contains("t39 ");
    assertThat(sink.text()).contains("t39 ").contains("\"finish_reason\":\"stop\"");
  }

  @Test
  void cancelStopsTheRelayAndReportsTheClientGone() throws Exception {
    StreamRelay relay = relay(frames(true, longStream(200))); // 4 s: cancelled long before

    await(relay.committed());
    CompletableFuture<StreamEnd> heard = new CompletableFuture<>();
    loop.runOnContext(
        v -> {
          relay.onEnd(heard::complete);
          relay.cancel();
        });
    StreamEnd end = heard.get(10, TimeUnit.SECONDS);
    assertThat(end.complete()).isFalse();
    assertThat(end.error().failure()).isEqualTo(Failure.CLIENT_GONE);
    assertThat(relay.relayedText()).doesNotContain("t200");
  }
}
