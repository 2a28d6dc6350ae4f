package switchboard.provider;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A provider that offers a model list; the gateway fetches and caches it for {@code /v1/models}.
 */
public interface ModelLister {

  /** The request that lists the upstream's models (first page is enough). */
  UpstreamRequest listModels();

  /** The model ids in a 2xx answer to {@link #listModels}, without the provider prefix. */
  List<String> readModels(Buffer body);
}
