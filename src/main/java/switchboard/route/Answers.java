package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.Operation;
import switchboard.provider.Failure;
import switchboard.provider.Provider;
import switchboard.provider.TranslatingProvider;
import switchboard.provider.UpstreamError;
import switchboard.provider.VendorQuirks;
import switchboard.wire.openai.Embeddings;
import switchboard.wire.openai.ResponseScan;
import switchboard.wire.responses.ResponsesAnswer;

/**
 * Complete (non-streamed) 2xx answers, read up to the commit point: checked for their dialect's
 * shape, tapped for usage and the served model, vendor quirks absorbed, translated when the
 * upstream speaks another dialect. A body that is not the dialect's shape is a {@code bad_response}
 * failure, so the dispatcher moves on.
 */
final class Answers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Answers() {}

  /**
   * Reads a complete 2xx answer: the fast scan when nothing must change, a tree when a vendor quirk
   * or base64 embeddings need one, a translation from another dialect.
   *
   * @param passthrough whether the client speaks the upstream's (non-canonical) dialect
   */
  static Future<Served> read(
      Exchange exchange,
      Target target,
      Provider provider,
      Buffer bytes,
      boolean toBase64,
      boolean passthrough) {
    boolean chat = exchange.operation == Operation.CHAT;
    if (provider instanceof TranslatingProvider translating) {
      return translated(exchange, target, translating, bytes, toBase64, passthrough);
    }
    if (!toBase64 && !(chat && VendorQuirks.rewrites(provider))) {
      return scanned(target, provider, bytes, chat);
    }
    JsonNode json;
    try {
      json = JSON.readTree(bytes.getBytes());
    } catch (Exception e) {
      return bad("upstream sent malformed JSON");
    }
    if (!(json instanceof ObjectNode object)) {
      return bad("upstream sent JSON that is not an object");
    }
    if (object.has("error") && !object.has("choices") && !object.has("data")) {
      return Future.failedFuture(new UpstreamFailure(provider.classifyInBand(object.get("error"))));
    }
    boolean changed;
    if (exchange.operation == Operation.EMBEDDINGS) {
      if (!object.path("data").isArray()) {
        return bad("upstream embeddings answer has no data");
      }
      changed = toBase64 && Embeddings.toBase64(object);
    } else {
      if (!object.path("choices").isArray()) {
        return bad("upstream answer has no choices");
      }
      changed = provider instanceof VendorQuirks quirks && quirks.normalizeResponse(object);
    }
    Buffer out = changed ? Buffer.buffer(object.toString()) : bytes;
    String model = object.path("model").asText(null);
    return Future.succeededFuture(
        new Served.Complete(target, object, out, provider.usage(object.get("usage")), model));
  }

  /**
   * An answer in another dialect, read into the canonical shape; its own bytes go out when the
   * client speaks that dialect too.
   */
  private static Future<Served> translated(
      Exchange exchange,
      Target target,
      TranslatingProvider provider,
      Buffer bytes,
      boolean toBase64,
      boolean passthrough) {
    ObjectNode canonical;
    try {
      JsonNode json = JSON.readTree(bytes.getBytes());
      if (!(json instanceof ObjectNode object)) {
        return bad("upstream sent JSON that is not an object");
      }
      canonical =
          exchange.operation == Operation.EMBEDDINGS
              ? provider.readEmbeddings(object, target.model())
              : provider.readResponse(object, target.model());
      if (exchange.operation == Operation.EMBEDDINGS && toBase64) {
        // the vendor sent floats; the client asked for base64 (the SDKs' default)
        Embeddings.toBase64(canonical);
      }
    } catch (IllegalArgumentException e) {
      return bad("upstream answer is not in its format: " + e.getMessage());
    } catch (Exception e) {
      return bad("upstream sent malformed JSON");
    }
    boolean same = passthrough;
    return Future.succeededFuture(
        new Served.Complete(
            target,
            canonical,
            same ? bytes : Buffer.buffer(canonical.toString()),
            provider.usage(canonical.get("usage")),
            canonical.path("model").asText(null),
            same ? provider.dialect() : Dialect.OPENAI));
  }

  /**
   * A Responses object from an upstream's own Responses API, relayed as it is; read (as canonical)
   * for usage, the served model and the text.
   */
  static Future<Served> responses(Target target, Provider provider, Buffer bytes) {
    JsonNode json;
    try {
      json = JSON.readTree(bytes.getBytes());
    } catch (Exception e) {
      return bad("upstream sent malformed JSON");
    }
    if (json instanceof ObjectNode object
        && object.has("error")
        && object.get("error").isObject()
        && !ResponsesAnswer.isResponse(object)) {
      return Future.failedFuture(new UpstreamFailure(provider.classifyInBand(object.get("error"))));
    }
    if (!ResponsesAnswer.isResponse(json)) {
      return bad("upstream answer is not a Responses object");
    }
    if (json.path("status").asText().equals("failed")) {
      JsonNode error = json.path("error");
      return Future.failedFuture(
          new UpstreamFailure(
              provider.classifyInBand(
                  error.isObject()
                      ? error
                      : JSON.createObjectNode().put("message", "the upstream response failed"))));
    }
    ObjectNode canonical = ResponsesAnswer.toCanonical(json);
    return Future.succeededFuture(
        new Served.Complete(
            target,
            canonical,
            bytes,
            provider.usage(canonical.get("usage")),
            canonical.path("model").asText(null),
            Dialect.RESPONSES));
  }

  /** The fast path: the upstream's bytes go out as they are; only usage and model are read. */
  private static Future<Served> scanned(
      Target target, Provider provider, Buffer bytes, boolean chat) {
    ResponseScan scan;
    try {
      scan = ResponseScan.of(bytes.getBytes());
    } catch (Exception e) {
      return bad("upstream sent malformed JSON");
    }
    if (scan.error() != null && !scan.hasChoices() && !scan.hasData()) {
      return Future.failedFuture(new UpstreamFailure(provider.classifyInBand(scan.error())));
    }
    if (chat ? !scan.hasChoices() : !scan.hasData()) {
      return bad(
          chat ? "upstream answer has no choices" : "upstream embeddings answer has no data");
    }
    return Future.succeededFuture(
        new Served.Complete(target, null, bytes, provider.usage(scan.usage()), scan.model()));
  }

  private static Future<Served> bad(String message) {
    return Future.failedFuture(
        new UpstreamFailure(UpstreamError.of(Failure.BAD_RESPONSE, 200, message)));
  }
}
