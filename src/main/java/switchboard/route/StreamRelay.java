package switchboard.route;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import switchboard.model.Usage;
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

  /** Null for OpenAI-format upstreams, read by {@link #onEvent}. */
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
            ? new OpenAiEvents(this, provider, tap, encoder, passthrough, forwardUsage)
            : null;
    this.decoded =
        decoder == null ? null : new DecodedEvents(this, provider, tap, encoder, passthrough);
    if (decoder == null) {
      response.handler(
          bytes -> {
            fed();
            batch = Buffer.buffer();
            parser.feed(bytes, openAi::read);
            flush();
          });
    } else {
      StreamDecoder.Out out = decoded;
      response.handler(
          bytes -> {
            fed();
            batch = Buffer.buffer();
            decoder.feed(bytes, out);
            flush();
          });
    }
    response.endHandler(v -> onUpstreamEnd());
    response.exceptionHandler(this::onUpstreamError);
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
      sink.end(endState());
    } else if (sink.writeQueueFull()) {
      pauseUpstream();
    }
  }

  /** Stops relaying: the client went away. */
  public void cancel() {
    continuer = null;
    if (continuedBy != null) {
      continuedBy.cancel();
    }
    if (!over) {
      over = true;
      notifyEnd(new StreamEnd(UpstreamError.of(Failure.CLIENT_GONE, 0, "client closed request")));
    }
    response.request().reset();
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

  public long firstContentNanos() {
    return firstContentNanos;
  }

  /** The model that served (the continuing one, after a continuation). */
  public String servedModel() {
    return continuedBy != null && continuedBy.servedModel() != null
        ? continuedBy.servedModel()
        : tap.servedModel();
  }

  public String finishReason() {
    return continuedBy != null ? continuedBy.finishReason() : tap.finishReason();
  }

  /** The usage reported; after a continuation, the continuing target's (it re-read the prefix). */
  public Usage usage() {
    return continuedBy != null ? continuedBy.usage() : provider.usage(tap.usage());
  }

  /** Writes the client's dialect: its end and error frames close the stream. */
  public StreamEncoder encoder() {
    return continuedBy != null ? continuedBy.encoder() : encoder;
  }

  /** The text relayed so far (content, reasoning, tool calls), to count when usage is missing. */
  public String relayedText() {
    return continuedBy != null ? tap.text() + continuedBy.relayedText() : tap.text();
  }

  private UpstreamError brokenError;

  /**
   * Sends a frame (or holds it until the commit point, which content or a finish reason is). Frames
   * decoded from one upstream read are batched into one write: an upstream that sends many events
   * in a packet costs one write to the client, not one per event, and nothing waits longer than the
   * read it came in.
   */
  void emit(Buffer frame, boolean content) {
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
    notifyEnd(endState());
    if (sink != null) {
      sink.end(endState());
    }
  }

  /** Whether the stream is over (ended, broken or cancelled): readers ignore what follows. */
  boolean isOver() {
    return over;
  }

  /** The dialect's explicit terminal frame arrived. */
  void sawDone() {
    sawDone = true;
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
    notifyEnd(endState());
    if (sink != null && continuer != null && tap.plainText()) {
      continueElsewhere(sink);
    } else if (sink != null) {
      sink.end(endState());
    }
  }

  /** Hands the client's stream to a continuation, or ends it broken when none can start. */
  private void continueElsewhere(StreamSink client) {
    PendingContinuation asked = continuer;
    asked
        .resume(tap.text(), tap.streamId(), encoder)
        .onComplete(
            next -> {
              if (next.succeeded() && continuer == asked) {
                continuedBy = next.result();
                continuedBy.attach(client);
              } else if (next.succeeded()) {
                next.result().cancel(); // the client left meanwhile
              } else {
                client.end(endState());
              }
            });
  }

  private StreamEnd endState() {
    if (brokenError == null) {
      return new StreamEnd(null);
    }
    return new StreamEnd(
        new UpstreamError(
            Failure.STREAM_BROKEN,
            brokenError.status(),
            brokenError.message(),
            brokenError.type(),
            brokenError.code(),
            brokenError.param(),
            null));
  }
}
