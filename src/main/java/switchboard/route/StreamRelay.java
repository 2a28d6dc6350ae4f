package switchboard.route;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import switchboard.provider.Failure;
import switchboard.provider.Provider;
import switchboard.provider.UpstreamError;
import switchboard.wire.StreamDecoder;
import switchboard.wire.StreamEncoder;
import switchboard.wire.openai.ChatStreamEncoder;
import switchboard.wire.sse.SseParser;

/**
 * Relays one upstream stream to the client, event by event: passthrough when the client speaks the
 * upstream's dialect, else translated through canonical chunks ({@link StreamDecoder} in, {@link
 * StreamEncoder} out).
 *
 * <p>Design note. The relay has two phases around the commit point. While peeking, frames are held
 * back until the first content arrives, so a stream that fails before its first content can be
 * retried elsewhere invisibly ({@link #committed()} fails with the classified error). Once
 * committed, frames go to the {@link StreamSink} as they arrive, with backpressure (the upstream is
 * paused while the client's write queue is full), and any failure ends the stream with an error
 * event rather than a clean end. Every chunk is also read, as a canonical chunk, as a tap for
 * usage, the served model, the finish reason and the text relayed; on passthrough it is
 * re-serialised only when a vendor quirk changed it. OpenAI-format upstreams are read here directly
 * (the hot path: a plain chunk is scanned token by token, {@link
 * switchboard.wire.openai.ChunkScan}, and no tree is built unless a quirk, an error or a
 * translation needs one); other dialects through the provider's decoder.
 */
public final class StreamRelay {

  private final HttpClientResponse response;
  private final Provider provider;
  private final LongSupplier nanos;
  private final SseParser parser = new SseParser();

  /** Null for OpenAI-format upstreams, read by {@link OpenAiEvents}. */
  private final StreamDecoder decoder;

  private final StreamEncoder encoder;

  private final StreamTap tap = new StreamTap();

  /** Reads an OpenAI-format upstream's events (null for other dialects). */
  private final OpenAiEvents openAi;

  /** Takes what another dialect's decoder reports (null for OpenAI-format upstreams). */
  private final DecodedEvents decoded;

  /** Frames of the upstream read in progress, written as one; null outside a read. */
  private Buffer batch;

  /** Asked for the rest of the answer when this stream breaks after its commit point, or null. */
  private PendingContinuation continuer;

  /** The stream that carries on where this one broke, once it has started. */
  private StreamRelay continuedBy;

  /** Lets a stream that breaks after its commit point be continued by another target. */
  void continueWith(PendingContinuation continuer) {
    this.continuer = continuer;
  }

  private final Promise<Void> committed = Promise.promise();
  private final List<Buffer> held = new ArrayList<>();

  private StreamSink sink;
  private java.util.function.Consumer<StreamEnd> endListener;
  private StreamEnd ended;
  private boolean sawDone;
  private boolean over;
  private IdleWatch idle;
  private long firstContentNanos;

  /** An OpenAI-format upstream relayed to an OpenAI client. */
  public StreamRelay(
      HttpClientResponse response, Provider provider, boolean forwardUsage, LongSupplier nanos) {
    this(response, provider, null, new ChatStreamEncoder(forwardUsage), true, forwardUsage, nanos);
  }

  /**
   * @param decoder the upstream dialect's decoder; null for OpenAI-format upstreams
   * @param encoder writes the client's dialect (its end and error frames are used on passthrough)
   * @param passthrough whether the client speaks the upstream's dialect
   */
  public StreamRelay(
      HttpClientResponse response,
      Provider provider,
      StreamDecoder decoder,
      StreamEncoder encoder,
      boolean passthrough,
      boolean forwardUsage,
      LongSupplier nanos) {
    this.response = response;
    this.provider = provider;
    this.decoder = decoder;
    this.encoder = encoder;
    this.nanos = nanos;
    this.openAi =
        decoder == null
            ? new OpenAiEvents(provider, tap, encoder, passthrough, forwardUsage)
            : null;
    this.decoded = decoder == null ? null : new DecodedEvents(provider, tap, encoder, passthrough);
    response.handler(this::read);
    response.endHandler(v -> onUpstreamEnd());
    response.exceptionHandler(this::onUpstreamError);
  }

  /** One read of the upstream: its events become steps, and their frames go out as one write. */
  private void read(Buffer bytes) {
    fed();
    if (over) {
      return;
    }
    batch = Buffer.buffer();
    if (decoder == null) {
      parser.feed(bytes, event -> apply(openAi.read(event)));
    } else {
      decoder.feed(bytes, decoded);
      applyDecoded();
    }
    flush();
  }

  private void applyDecoded() {
    List<StreamStep> steps = decoded.steps();
    for (int i = 0; i < steps.size(); i++) {
      apply(steps.get(i));
    }
    steps.clear();
  }

  /** Acts on what a reader made of one event; nothing once the stream is over. */
  private void apply(StreamStep step) {
    if (over) {
      return;
    }
    if (step instanceof StreamStep.Emit emit) {
      emit(emit.frame(), emit.content());
    } else if (step instanceof StreamStep.Done) {
      sawDone = true;
    } else if (step instanceof StreamStep.Fail failed) {
      fail(failed.error());
    }
  }

  /**
   * Ends the stream as stalled (an error event after the commit point, a failover before it) when
   * the upstream sends nothing for {@code limitMillis}, time paused for a slow client excepted.
   */
  void watchIdle(io.vertx.core.Vertx vertx, long limitMillis) {
    idle =
        new IdleWatch(
            vertx,
            nanos,
            limitMillis,
            () -> {
              if (!over) {
                fail(
                    UpstreamError.of(
                        Failure.TIMEOUT,
                        200,
                        "upstream stream stalled: nothing for " + limitMillis + " ms"));
              }
            });
  }

  private void fed() {
    if (idle != null) {
      idle.fed();
    }
  }

  private void pauseUpstream() {
    response.pause();
    if (idle != null) {
      idle.paused(true);
    }
  }

  private void resumeUpstream() {
    if (idle != null) {
      idle.paused(false);
    }
    response.resume();
  }

  private void stopIdleWatch() {
    if (idle != null) {
      idle.stop();
    }
  }

  /** Completes at the first content (or a clean end); fails with the {@link UpstreamError}. */
  public Future<Void> committed() {
    return committed.future();
  }

  /** After commit: sends the held frames, then everything that follows, to {@code sink}. */
  public void attach(StreamSink sink) {
    this.sink = sink;
    if (!held.isEmpty()) {
      Buffer frames = Buffer.buffer();
      held.forEach(frames::appendBuffer);
      held.clear();
      sink.frame(frames); // what came before the commit point, in one write
    }
    sink.drainHandler(this::resumeUpstream);
    if (over) {
      sink.end(ended != null ? ended : outcome());
    } else if (sink.writeQueueFull()) {
      pauseUpstream();
    }
  }

  /**
   * Stops relaying: the client went away. Returns the stream as far as it went (the continuation's
   * too, when one carries it on), to record.
   */
  public StreamEnd cancel() {
    continuer = null;
    StreamEnd continued = continuedBy != null ? continuedBy.cancel() : null;
    if (!over) {
      over = true;
      notifyEnd(outcome(UpstreamError.of(Failure.CLIENT_GONE, 0, "client closed request")));
    }
    response.request().reset();
    StreamEnd mine = ended != null ? ended : outcome();
    return continued != null ? mine.continuedBy(continued) : mine;
  }

  /**
   * Ends the stream with {@code error} as if the upstream had failed (a total timeout after the
   * commit point): an error event, never a clean end.
   */
  public void abort(UpstreamError error) {
    if (!over) {
      fail(error);
    }
  }

  /**
   * Tells {@code listener} once how a committed stream ended (complete, broken, or cancelled with
   * {@code CLIENT_GONE}), whether or not a sink is attached: the dispatcher feeds health with it.
   */
  public void onEnd(java.util.function.Consumer<StreamEnd> listener) {
    if (ended != null) {
      listener.accept(ended);
    } else {
      // Several parties listen (the call's timers, the dispatcher's health): keep them all.
      java.util.function.Consumer<StreamEnd> before = endListener;
      this.endListener = before == null ? listener : before.andThen(listener);
    }
  }

  private void notifyEnd(StreamEnd end) {
    stopIdleWatch();
    if (ended != null) {
      return;
    }
    ended = end;
    java.util.function.Consumer<StreamEnd> listener = endListener;
    endListener = null;
    if (listener != null) {
      listener.accept(end);
    }
  }

  /** When this stream's first content arrived (the clock's nanos); 0 before. */
  public long firstContentNanos() {
    return firstContentNanos;
  }

  /** The last finish reason this stream carried, or null: not finished yet. */
  String finishReason() {
    return tap.finishReason();
  }

  /** The text this stream relayed so far (content, reasoning, tool calls). */
  public String relayedText() {
    return tap.text();
  }

  private UpstreamError brokenError;

  /**
   * Sends a frame (or holds it until the commit point, which content or a finish reason is). Frames
   * decoded from one upstream read are batched into one write: an upstream that sends many events
   * in a packet costs one write to the client, not one per event, and nothing waits longer than the
   * read it came in.
   */
  private void emit(Buffer frame, boolean content) {
    if (sink != null) {
      if (frame.length() > 0) {
        if (batch != null) {
          batch.appendBuffer(frame);
        } else {
          write(frame);
        }
      }
      return;
    }
    if (frame.length() > 0) {
      held.add(frame);
    }
    if (content) {
      firstContentNanos = nanos.getAsLong();
      committed.tryComplete();
    }
  }

  private void onUpstreamEnd() {
    if (over) {
      return;
    }
    boolean cut = decoder == null ? parser.end() : !decoder.end(decoded);
    if (decoder != null) {
      applyDecoded();
    }
    if (over) {
      return; // the decoder's last frame was an error
    }
    if (!sawDone && tap.finishReason() == null) {
      fail(
          UpstreamError.of(
              Failure.BAD_RESPONSE, 200, "upstream stream ended before it was complete"));
      return;
    }
    if (cut && !sawDone) {
      fail(UpstreamError.of(Failure.BAD_RESPONSE, 200, "upstream stream was cut inside an event"));
      return;
    }
    over = true;
    if (firstContentNanos == 0) {
      firstContentNanos = nanos.getAsLong();
    }
    committed.tryComplete();
    flush();
    StreamEnd end = outcome();
    notifyEnd(end);
    if (sink != null) {
      sink.end(end);
    }
  }

  /** Writes the frames batched from the upstream read that just ended. */
  private void flush() {
    Buffer frames = batch;
    batch = null;
    if (frames != null && frames.length() > 0 && sink != null) {
      write(frames);
    }
  }

  private void write(Buffer frames) {
    sink.frame(frames);
    if (sink.writeQueueFull()) {
      pauseUpstream();
    }
  }

  private void onUpstreamError(Throwable error) {
    if (over) {
      return;
    }
    boolean timeout =
        error instanceof java.util.concurrent.TimeoutException
            || String.valueOf(error.getMessage()).toLowerCase().contains("timeout");
    fail(
        UpstreamError.of(
            timeout ? Failure.TIMEOUT : Failure.CONNECT,
            200,
            timeout ? "upstream stream stalled" : "upstream connection failed mid-stream"));
  }

  void fail(UpstreamError error) {
    over = true;
    stopIdleWatch();
    brokenError = error;
    if (!committed.future().isComplete()) {
      response.request().reset();
      committed.tryFail(new UpstreamFailure(error));
      return;
    }
    response.request().reset();
    flush(); // what came before the failure goes out before its error
    StreamEnd end = outcome();
    notifyEnd(end);
    if (sink != null && continuer != null && tap.plainText()) {
      continueElsewhere(sink, end);
    } else if (sink != null) {
      sink.end(end);
    }
  }

  /**
   * Hands the client's stream to a continuation, or ends it broken when none can start. The client
   * hears one end: the continuation's, carried on from this stream's ({@link
   * StreamEnd#continuedBy}).
   */
  private void continueElsewhere(StreamSink client, StreamEnd broken) {
    PendingContinuation asked = continuer;
    asked
        .resume(tap.text(), tap.streamId(), encoder)
        .onComplete(
            next -> {
              if (next.succeeded() && continuer == asked) {
                continuedBy = next.result();
                continuedBy.attach(new Continued(client, broken));
              } else if (next.succeeded()) {
                next.result().cancel(); // the client left meanwhile
              } else {
                client.end(broken);
              }
            });
  }

  /** The client's sink as the continuation writes to it: its end is the whole answer's. */
  private record Continued(StreamSink client, StreamEnd before) implements StreamSink {
    @Override
    public void frame(Buffer frame) {
      client.frame(frame);
    }

    @Override
    public boolean writeQueueFull() {
      return client.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable onDrain) {
      client.drainHandler(onDrain);
    }

    @Override
    public void end(StreamEnd end) {
      client.end(before.continuedBy(end));
    }
  }

  /** How the stream stands: complete, or broken with the error that broke it. */
  private StreamEnd outcome() {
    return outcome(
        brokenError == null
            ? null
            : new UpstreamError(
                Failure.STREAM_BROKEN,
                brokenError.status(),
                brokenError.message(),
                brokenError.type(),
                brokenError.code(),
                brokenError.param(),
                null));
  }

  private StreamEnd outcome(UpstreamError error) {
    return new StreamEnd(
        error,
        tap.servedModel(),
        tap.finishReason(),
        provider.usage(tap.usage()),
        tap::text,
        firstContentNanos,
        encoder);
  }
}
