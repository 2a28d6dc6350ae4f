package switchboard.provider;

import java.util.Set;

/**
 * Optional: a provider whose upstream does not fetch (some) {@code http(s)} image URLs itself. The
 * gateway then downloads the image first and sends it inline, as a {@code data:} URL in the
 * canonical body (issue 17); the codec never sees the remote URL. A provider without it fetches
 * every URL itself.
 */
public interface NeedsInlineImages extends Provider {

  /** Whether the upstream fetches this {@code http(s)} image URL itself. */
  boolean fetchesImageUrl(String url);

  /** The image media types the upstream takes inline; a fetched image of another type is a 400. */
  default Set<String> inlineImageTypes() {
    return Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  }

  /** Whether {@code provider} needs the image at {@code url} inline. */
  static boolean needed(Provider provider, String url) {
    return provider instanceof NeedsInlineImages i && !i.fetchesImageUrl(url);
  }
}
