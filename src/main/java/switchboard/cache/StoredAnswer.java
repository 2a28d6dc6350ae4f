package switchboard.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.model.Usage;

/**
 * One answer in the response cache: the complete canonical answer (a Chat Completions response,
 * assembled from the chunks when it was streamed) and who produced it.
 *
 * @param provider the provider id that served it
 * @param model {@code provider/model} that served it
 * @param usage its usage when it was served
 * @param costUsd what it cost when it was served: what each hit saves
 * @param bytes its size, for the cache's bound
 * @param ttlNanos how long it is served after it was stored
 */
public record StoredAnswer(
    ObjectNode answer,
    String provider,
    String model,
    Usage usage,
    double costUsd,
    int bytes,
    long ttlNanos) {

  /** Room taken besides the answer's JSON: the key, the entry, the record's fields. */
  static final int OVERHEAD = 256;

  /** An entry for {@code answer}, sized by its JSON. */
  public static StoredAnswer of(
      ObjectNode answer,
      String provider,
      String model,
      Usage usage,
      double costUsd,
      long ttlNanos) {
    int bytes = answer.toString().length() + OVERHEAD;
    return new StoredAnswer(answer, provider, model, usage, costUsd, bytes, ttlNanos);
  }
}
