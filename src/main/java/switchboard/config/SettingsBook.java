package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/**
 * The settings in force: the file's {@code settings:} section until a document is saved through the
 * admin API, then the saved one (the last saved wins over the file from then on, across restarts).
 * Readers take {@link #defaults()}, {@link #webhooks()} or {@link #priceOverrides()} per use: each
 * is one volatile read of an immutable value, swapped whole by a change. Changes run one at a time.
 */
public final class SettingsBook {

  private static final String CONTEXT = "settings.webhooks.secret";

  private final SettingsJson.Parsed fromFile;
  private final SettingsStore store;
  private final SecretBox box;
  private volatile SettingsJson.Parsed current;
  private volatile boolean saved;
  private Future<?> tail = Future.succeededFuture();

  /** {@code section} is the file's {@code settings:} section (missing when it has none). */
  public SettingsBook(JsonNode section, SettingsStore store, SecretBox box) {
    this.fromFile = SettingsJson.read(section);
    this.current = fromFile;
    this.store = store;
    this.box = box;
  }

  /** Start-up: the saved document, when there is one, replaces the file's. */
  public Future<Void> load() {
    return store
        .load()
        .map(
            stored -> {
              if (stored != null) {
                current =
                    SettingsJson.read(SettingsJson.mapSecrets(stored, s -> box.open(s, CONTEXT)));
                saved = true;
              }
              return null;
            });
  }

  /** The defaults in force. */
  public Defaults defaults() {
    return current.defaults();
  }

  /** The webhooks in force, secrets in clear (for signing; never show them). */
  public List<Defaults.Webhook> webhooks() {
    return current.webhooks();
  }

  /**
   * Price overrides in force: {@code {id: provider/model, input, output, cached_input,
   * cache_write}}.
   */
  public List<JsonNode> priceOverrides() {
    return current.prices();
  }

  /** Where the settings in force come from: {@code config} (the file) or {@code admin}. */
  public String source() {
    return saved ? "admin" : "config";
  }

  /** The whole document in force, secrets masked. */
  public ObjectNode json() {
    return SettingsJson.masked(current.json());
  }

  /** Replaces the whole document; fields left out take their defaults. Answers it, masked. */
  public Future<ObjectNode> replace(JsonNode document) {
    return serial(() -> save(check(document)));
  }

  /**
   * Changes the fields given: each top-level field replaces the one in force, except {@code cache}
   * and {@code guardrails}, whose fields are changed one by one.
   */
  public Future<ObjectNode> patch(JsonNode change) {
    return serial(
        () -> {
          if (!(change instanceof ObjectNode given)) {
            throw SettingsJson.bad("settings", "must be an object");
          }
          ObjectNode next = current.json().deepCopy();
          given
              .fields()
              .forEachRemaining(
                  e -> {
                    if ((e.getKey().equals("cache") || e.getKey().equals("guardrails"))
                        && e.getValue().isObject()
                        && next.path(e.getKey()).isObject()) {
                      ((ObjectNode) next.get(e.getKey())).setAll((ObjectNode) e.getValue());
                    } else {
                      next.set(e.getKey(), e.getValue());
                    }
                  });
          return save(check(next));
        });
  }

  /** A document checked as a whole (masked secrets resolved), not yet in force. */
  SettingsJson.Parsed check(JsonNode document) {
    return SettingsJson.read(SettingsJson.unmask(document, current.json()));
  }

  /** The stored form of a checked document: secrets sealed. */
  ObjectNode sealed(SettingsJson.Parsed parsed) {
    return SettingsJson.mapSecrets(parsed.json(), s -> box.seal(s, CONTEXT));
  }

  /** Puts a checked document in force once it is saved (by this book or a whole-config import). */
  void adopt(SettingsJson.Parsed parsed) {
    current = parsed;
    saved = true;
  }

  private Future<ObjectNode> save(SettingsJson.Parsed parsed) {
    return store
        .save(sealed(parsed))
        .map(
            v -> {
              adopt(parsed);
              return json();
            });
  }

  private synchronized <T> Future<T> serial(Supplier<Future<T>> change) {
    Future<T> result =
        tail.transform(
            ignored -> {
              try {
                return change.get();
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            });
    tail = result;
    return result;
  }
}
