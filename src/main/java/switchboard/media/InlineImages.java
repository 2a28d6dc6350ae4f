package switchboard.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Operation;
import switchboard.provider.NeedsInlineImages;
import switchboard.provider.Provider;

/**
 * Image URLs for providers that cannot fetch them (Gemini, Bedrock): before the first call, every
 * remote image some target of the plan must receive inline is fetched, all at once, and kept with
 * the request; each target's copy of the body then gets the data URL where its provider needs it
 * ({@link #apply}), while providers that fetch URLs themselves (OpenAI, Anthropic) get the URL
 * unchanged. A fetch that fails is the client's 400, naming the part in its own body.
 */
public final class InlineImages {

  private static final Exchange.Slot<Map<String, String>> FETCHED =
      new Exchange.Slot<>("inline-images");

  private final MediaFetcher fetcher;

  public InlineImages(MediaFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** Fetches what the {@code providers} of the plan need inline; a no-op for most requests. */
  public Future<Void> prepare(Exchange exchange, List<Provider> providers) {
    if (exchange.operation != Operation.CHAT || exchange.untranslatable() != null) {
      return Future.succeededFuture();
    }
    Map<String, String> remote = ImageParts.remote(exchange.body());
    if (remote.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, String> names =
        exchange.nativeBody() != null ? ImageParts.names(exchange.nativeBody()) : Map.of();
    List<String> urls = new ArrayList<>();
    List<Future<Fetched>> fetches = new ArrayList<>();
    for (Map.Entry<String, String> image : remote.entrySet()) {
      String url = image.getKey();
      Set<String> accepted = new TreeSet<>();
      for (Provider provider : providers) {
        if (NeedsInlineImages.needed(provider, url)) {
          accepted.addAll(((NeedsInlineImages) provider).inlineImageTypes());
        }
      }
      if (accepted.isEmpty()) {
        continue; // every target fetches this URL itself
      }
      String name = names.getOrDefault(url, image.getValue());
      urls.add(url);
      fetches.add(
          fetcher
              .fetch(url, accepted)
              .recover(
                  e ->
                      Future.failedFuture(
                          GatewayException.invalid(
                              name,
                              "The image at "
                                  + name
                                  + " could not be fetched: "
                                  + (e instanceof FetchFailed
                                      ? e.getMessage()
                                      : "the download failed")
                                  + "."))));
    }
    if (fetches.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.all(fetches)
        .map(
            all -> {
              Map<String, String> fetched = new LinkedHashMap<>();
              for (int i = 0; i < urls.size(); i++) {
                fetched.put(urls.get(i), fetches.get(i).result().dataUrl());
              }
              exchange.put(FETCHED, fetched);
              return null;
            });
  }

  /**
   * Puts the fetched images into {@code body}, a copy of the canonical body for {@code provider}.
   */
  public static void apply(ObjectNode body, Exchange exchange, Provider provider) {
    Map<String, String> fetched = exchange.get(FETCHED);
    if (fetched != null) {
      ImageParts.inline(body, fetched, url -> !NeedsInlineImages.needed(provider, url));
    }
  }
}
