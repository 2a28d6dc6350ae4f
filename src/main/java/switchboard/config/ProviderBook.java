package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.provider.ProviderConfig;

/**
 * The providers in force: those the environment and {@code switchboard.yaml} enable (read-only
 * here, apart from being disabled and enabled again: their source is the file or the environment)
 * and those saved through the admin API. A change is validated as the file would be, then the whole
 * new set is built and checked by the {@link Installer} (a policy may still use a provider) before
 * anything is saved; once saved, the new set is installed in one swap, with no restart. Changes run
 * one after another.
 */
public final class ProviderBook {

  /** Where a provider comes from. */
  public enum Source {
    ENV,
    CONFIG,
    ADMIN
  }

  /**
   * One provider as configured.
   *
   * @param spec the entry in the config file's field names, secrets in clear (mask before showing)
   */
  public record Entry(
      String id, Source source, boolean enabled, ObjectNode spec, ProviderConfig config) {
    @Override
    public String toString() {
      return "Entry[" + id + ", " + source + "]"; // never the secrets
    }
  }

  /** Builds what requests use from a set of providers. */
  @FunctionalInterface
  public interface Installer {
    /**
     * Builds the registry for the enabled providers and checks that what is in force still works
     * with it (throws a {@link GatewayException} saying why not); returns the swap that installs
     * it.
     */
    Runnable prepare(List<ProviderConfig> enabled);
  }

  private final Map<String, ProviderConfig> fixed;
  private final Map<String, Source> fixedSource;
  private final ProviderStore store;
  private final SecretBox box;
  private final Map<String, String> env;
  private final Installer installer;
  private volatile Map<String, Entry> entries = Map.of();
  private Future<?> tail = Future.succeededFuture();

  /**
   * @param fromConfig the providers of the environment and the file (as the loader built them)
   * @param env the process environment, for {@code ${VAR}} references and to tell the sources apart
   */
  public ProviderBook(
      List<ProviderConfig> fromConfig,
      Map<String, String> env,
      ProviderStore store,
      SecretBox box,
      Installer installer) {
    Map<String, ProviderConfig> byEnv = new LinkedHashMap<>();
    ConfigLoader.fromEnvironment(env).forEach(p -> byEnv.put(p.id(), p));
    this.fixed = new LinkedHashMap<>();
    this.fixedSource = new LinkedHashMap<>();
    for (ProviderConfig p : fromConfig) {
      fixed.put(p.id(), p);
      fixedSource.put(p.id(), p.equals(byEnv.get(p.id())) ? Source.ENV : Source.CONFIG);
    }
    this.env = Map.copyOf(env);
    this.store = store;
    this.box = box;
    this.installer = installer;
  }

  /**
   * Start-up: the stored providers joined to the fixed ones, installed. A stored provider that no
   * longer validates (say its {@code ${VAR}} is unset now) is left out and its problem returned.
   */
  public Future<List<String>> load() {
    return store
        .loadAll()
        .map(
            rows -> {
              List<String> problems = new ArrayList<>();
              Map<String, Entry> next = fixedEntries(Map.of());
              Map<String, Boolean> disabled = new TreeMap<>();
              new TreeMap<>(rows)
                  .forEach(
                      (id, row) -> {
                        if (row.spec() == null) {
                          disabled.put(id, row.enabled());
                          return;
                        }
                        if (fixed.containsKey(id)) {
                          problems.add(
                              "providers."
                                  + id
                                  + ": defined in the environment or switchboard.yaml,"
                                  + " the saved copy is ignored");
                          return;
                        }
                        try {
                          ObjectNode spec = ProviderJson.opened(row.spec(), id, box);
                          next.put(id, entry(id, spec, row.enabled()));
                        } catch (ConfigException | GatewayException e) {
                          problems.add(e.getMessage());
                        }
                      });
              disabled.forEach(
                  (id, enabled) -> {
                    Entry e = next.get(id);
                    if (e != null && e.source() != Source.ADMIN) {
                      next.put(id, new Entry(id, e.source(), enabled, e.spec(), e.config()));
                    }
                  });
              synchronized (this) {
                installer.prepare(enabled(next)).run();
                entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(next));
              }
              return problems;
            });
  }

  /** Every provider: the environment's and the file's first, then the saved ones by id. */
  public List<Entry> list() {
    return List.copyOf(entries.values());
  }

  /** The provider of that id, or null. */
  public Entry find(String id) {
    return entries.get(id);
  }

  /** The provider of that id, or 404. */
  public Entry get(String id) {
    Entry e = entries.get(id);
    if (e == null) {
      throw notFound(id);
    }
    return e;
  }

  /**
   * Adds a provider: {@code body} is an entry in the file's field names, with an optional {@code
   * enabled}. 409 when the id is taken, 400 naming the field when the entry is invalid.
   */
  public Future<Entry> create(String id, ObjectNode body) {
    return serial(
        () -> {
          if (entries.containsKey(id)) {
            throw new GatewayException(
                ErrorKind.INVALID_REQUEST,
                409,
                "Provider '"
                    + id
                    + "' already exists; PATCH /admin/v1/providers/"
                    + id
                    + " changes it.",
                "id",
                "provider_exists",
                null);
          }
          ObjectNode change = body.deepCopy();
          boolean enabled = enabledField(change, true);
          Entry entry = entry(id, guard(() -> ProviderJson.merge(null, change)), enabled);
          return commit(entry);
        });
  }

  /**
   * Changes a provider: fields given replace those in force ({@link ProviderJson#merge}). Only
   * {@code enabled} may change on a provider of the environment or the file.
   */
  public Future<Entry> update(String id, ObjectNode body) {
    return serial(
        () -> {
          Entry current = get(id);
          ObjectNode change = body.deepCopy();
          change.remove("id");
          boolean enabled = enabledField(change, current.enabled());
          if (current.source() != Source.ADMIN) {
            if (change.size() > 0) {
              throw readOnly(current, change.fieldNames().next());
            }
            return commit(
                new Entry(id, current.source(), enabled, current.spec(), current.config()));
          }
          return commit(
              entry(id, guard(() -> ProviderJson.merge(current.spec(), change)), enabled));
        });
  }

  /** Deletes a saved provider; 409 for one of the environment or the file, or still used. */
  public Future<Void> delete(String id) {
    return serial(
        () -> {
          Entry current = get(id);
          if (current.source() != Source.ADMIN) {
            throw readOnly(current, null);
          }
          Map<String, Entry> next = new LinkedHashMap<>(entries);
          next.remove(id);
          Runnable swap = installer.prepare(enabled(next));
          return store.delete(id).map(found -> install(next, swap)).mapEmpty();
        });
  }

  private Future<Entry> commit(Entry entry) {
    Map<String, Entry> next = new LinkedHashMap<>(entries);
    next.put(entry.id(), entry);
    Runnable swap = installer.prepare(enabled(next));
    ProviderStore.Row row =
        entry.source() == Source.ADMIN
            ? new ProviderStore.Row(
                ProviderJson.sealed(entry.spec(), entry.id(), box), entry.enabled())
            : new ProviderStore.Row(null, entry.enabled());
    return store.save(entry.id(), row).map(v -> install(next, swap)).map(v -> entry);
  }

  private synchronized Void install(Map<String, Entry> next, Runnable swap) {
    swap.run();
    entries = java.util.Collections.unmodifiableMap(next);
    return null;
  }

  /** Runs changes one at a time: each starts from the state the previous one left. */
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

  private Map<String, Entry> fixedEntries(Map<String, Boolean> enabled) {
    Map<String, Entry> out = new LinkedHashMap<>();
    fixed.forEach(
        (id, p) ->
            out.put(
                id,
                new Entry(
                    id,
                    fixedSource.get(id),
                    enabled.getOrDefault(id, true),
                    ProviderJson.spec(p),
                    p)));
    return out;
  }

  /** An admin entry, validated as the file's {@code providers.<id>} would be. */
  Entry entry(String id, ObjectNode spec, boolean enabled) {
    ProviderConfig config = guard(() -> ConfigLoader.provider(id, spec, env));
    return new Entry(id, Source.ADMIN, enabled, spec, config);
  }

  private static List<ProviderConfig> enabled(Map<String, Entry> all) {
    return all.values().stream().filter(Entry::enabled).map(Entry::config).toList();
  }

  private static boolean enabledField(ObjectNode change, boolean fallback) {
    JsonNode value = change.remove("enabled");
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw GatewayException.invalid("enabled", "'enabled' must be true or false.");
    }
    return value.asBoolean();
  }

  private static <T> T guard(Supplier<T> work) {
    try {
      return work.get();
    } catch (ConfigException e) {
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      String path = colon > 0 ? message.substring(0, colon) : null;
      if (path != null && path.startsWith("providers.")) {
        int dot = path.indexOf('.', "providers.".length());
        path = dot > 0 ? path.substring(dot + 1) : null;
      }
      throw GatewayException.invalid(path, message);
    }
  }

  private static GatewayException readOnly(Entry e, String field) {
    String from = e.source() == Source.ENV ? "the environment" : "switchboard.yaml";
    return new GatewayException(
        ErrorKind.INVALID_REQUEST,
        409,
        "Provider '"
            + e.id()
            + "' comes from "
            + from
            + "; change it there (only 'enabled' can change here).",
        field,
        "provider_read_only",
        null);
  }

  static GatewayException notFound(String id) {
    return new GatewayException(
        ErrorKind.NOT_FOUND,
        404,
        "Provider '" + id + "' does not exist.",
        "id",
        "provider_not_found",
        null);
  }
}
