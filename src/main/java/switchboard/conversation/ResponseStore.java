package switchboard.conversation;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where responses created with {@code store} (the Responses API's default) are kept, per tenant,
 * until they expire. Implementations do their blocking I/O off the event loop and complete the
 * futures on the caller's context; expired responses are never returned.
 */
public interface ResponseStore {

  /** Stores (or replaces) a response. */
  Future<Void> save(StoredResponse response);

  /** The tenant's live response with this id, or empty (unknown, expired or another's). */
  Future<Optional<StoredResponse>> find(String tenant, String id);

  /** Deletes the tenant's response; completes with false when there was none. */
  Future<Boolean> delete(String tenant, String id);
}
