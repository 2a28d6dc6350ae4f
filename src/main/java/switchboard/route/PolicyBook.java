package switchboard.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * The named policies in force: those of {@code switchboard.yaml} (read-only here: the file is their
 * source) and those saved through the admin API (kept in a {@link PolicyStore}). Every change
 * compiles the whole set before anything is saved, so an invalid policy, a dangling {@code
 * policy/<name>} or a cycle is refused with a 400/409 and nothing changes; once saved, the new
 * compiled set is installed in one swap.
 */
public final class PolicyBook {

  /** Where a policy comes from. */
  public enum Source {
    CONFIG,
    ADMIN
  }

  /** One policy as written. */
  public record Entry(String name, Source source, ObjectNode spec) {}

  private final Map<String, ObjectNode> fromConfig;
  private final PolicyStore store;
  private final Function<Map<String, ObjectNode>, PolicySet> compiler;
  private final Consumer<PolicySet> install;
  private volatile Map<String, ObjectNode> fromAdmin = Map.of();

  /**
   * @param compiler compiles a whole set; throws a {@link GatewayException} naming the bad field
   * @param install makes a compiled set the one requests use
   */
  public PolicyBook(
      Map<String, ObjectNode> fromConfig,
      PolicyStore store,
      Function<Map<String, ObjectNode>, PolicySet> compiler,
      Consumer<PolicySet> install) {
    this.fromConfig = Map.copyOf(fromConfig);
    this.store = store;
    this.compiler = compiler;
    this.install = install;
  }

  /**
   * Compiles and installs the file's policies (an error there is the caller's start-up error), then
   * adds the stored ones; a stored policy that no longer compiles (say its provider was disabled)
   * is left out, and its message returned so it can be logged.
   */
  public Future<List<String>> load() {
    install.accept(compiler.apply(fromConfig));
    return reload();
  }

  /**
   * The stored policies again, after another node sharing the database changed them: the set in
   * force is replaced in one swap, so no request sees it half loaded.
   */
  public Future<List<String>> reload() {
    return store
        .loadAll()
        .map(
            stored -> {
              Map<String, ObjectNode> kept = new TreeMap<>();
              List<String> problems = new ArrayList<>();
              Map<String, ObjectNode> pending = new TreeMap<>(stored);
              fromConfig
                  .keySet()
                  .forEach(
                      name -> {
                        if (pending.remove(name) != null) {
                          problems.add(
                              "policies."
                                  + name
                                  + ": defined in switchboard.yaml, the saved copy is ignored");
                        }
                      });
              boolean progress = true;
              while (progress) { // a policy nesting another stored one may need a second pass
                progress = false;
                for (String name : List.copyOf(pending.keySet())) {
                  if (compiles(kept, name, pending.get(name)) == null) {
                    kept.put(name, pending.remove(name));
                    progress = true;
                  }
                }
              }
              pending.forEach((name, spec) -> problems.add(compiles(kept, name, spec)));
              synchronized (this) {
                fromAdmin = Map.copyOf(kept);
                install.accept(compiler.apply(merged(fromAdmin)));
              }
              return problems;
            });
  }

  private String compiles(Map<String, ObjectNode> kept, String name, ObjectNode spec) {
    Map<String, ObjectNode> attempt = new TreeMap<>(kept);
    attempt.put(name, spec);
    try {
      var unused = compiler.apply(merged(attempt)); // compiled only to be checked
      return null;
    } catch (GatewayException e) {
      return e.getMessage();
    }
  }

  /** Every policy, sorted by name. */
  public List<Entry> list() {
    List<Entry> out = new ArrayList<>();
    new TreeMap<>(fromConfig).forEach((n, s) -> out.add(new Entry(n, Source.CONFIG, s)));
    new TreeMap<>(fromAdmin).forEach((n, s) -> out.add(new Entry(n, Source.ADMIN, s)));
    out.sort(java.util.Comparator.comparing(Entry::name));
    return out;
  }

  /** The policy of that name, or null. */
  public Entry find(String name) {
    ObjectNode spec = fromConfig.get(name);
    if (spec != null) {
      return new Entry(name, Source.CONFIG, spec);
    }
    spec = fromAdmin.get(name);
    return spec == null ? null : new Entry(name, Source.ADMIN, spec);
  }

  /** Creates or replaces an admin policy; completes with true when it was created. */
  public Future<Boolean> put(String name, ObjectNode spec) {
    PolicyCompiler.checkName(name);
    readOnly(name);
    Map<String, ObjectNode> next = new LinkedHashMap<>(fromAdmin);
    next.put(name, spec);
    var unused = compiler.apply(merged(next)); // refuse before saving anything
    boolean created = !fromAdmin.containsKey(name);
    return store
        .save(name, spec)
        .map(
            v -> {
              change(m -> m.put(name, spec));
              return created;
            });
  }

  /** Deletes an admin policy; false when there was none; 409 when another policy uses it. */
  public Future<Boolean> delete(String name) {
    readOnly(name);
    if (!fromAdmin.containsKey(name)) {
      return Future.succeededFuture(false);
    }
    Map<String, ObjectNode> next = new LinkedHashMap<>(fromAdmin);
    next.remove(name);
    try {
      var unused = compiler.apply(merged(next)); // compiled only to be checked
    } catch (GatewayException e) {
      throw new GatewayException(
          ErrorKind.INVALID_REQUEST,
          409,
          "Policy '" + name + "' is still used: " + e.getMessage(),
          null,
          "policy_in_use",
          null);
    }
    return store
        .delete(name)
        .map(
            found -> {
              change(m -> m.remove(name));
              return true;
            });
  }

  /** Every policy in force (the file's and the saved ones) by name, as written. */
  public Map<String, ObjectNode> inForce() {
    return merged(fromAdmin);
  }

  /** The policies saved through the admin API, by name. */
  public Map<String, ObjectNode> saved() {
    return fromAdmin;
  }

  /** The file's policies, by name (read-only through the admin API). */
  public Map<String, ObjectNode> fromFile() {
    return fromConfig;
  }

  /**
   * The whole set that would be in force with {@code saved} as the admin policies; 400 for a bad
   * name, 409 for a file policy.
   */
  public Map<String, ObjectNode> with(Map<String, ObjectNode> saved) {
    saved.keySet().forEach(PolicyCompiler::checkName);
    saved.keySet().forEach(this::readOnly);
    return merged(saved);
  }

  /**
   * Installs a compiled set; with {@code saved} (already stored by the caller) also the admin
   * policies it was compiled from.
   */
  public synchronized void adopt(Map<String, ObjectNode> saved, PolicySet compiled) {
    if (saved != null) {
      fromAdmin = Map.copyOf(saved);
    }
    install.accept(compiled);
  }

  /** Recompiles the set in force, e.g. after the providers changed. */
  public synchronized void recompile() {
    install.accept(compiler.apply(merged(fromAdmin)));
  }

  private synchronized void change(Consumer<Map<String, ObjectNode>> edit) {
    Map<String, ObjectNode> next = new LinkedHashMap<>(fromAdmin);
    edit.accept(next);
    PolicySet compiled = compiler.apply(merged(next));
    fromAdmin = Map.copyOf(next);
    install.accept(compiled);
  }

  private void readOnly(String name) {
    if (fromConfig.containsKey(name)) {
      throw new GatewayException(
          ErrorKind.INVALID_REQUEST,
          409,
          "Policy '" + name + "' is defined in switchboard.yaml; change it there.",
          null,
          "policy_read_only",
          null);
    }
  }

  private Map<String, ObjectNode> merged(Map<String, ObjectNode> admin) {
    Map<String, ObjectNode> all = new LinkedHashMap<>(admin);
    all.putAll(fromConfig);
    return all;
  }
}
