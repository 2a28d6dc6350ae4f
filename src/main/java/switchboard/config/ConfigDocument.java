package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * The whole configuration as one document in {@code switchboard.yaml}'s format ({@code GET/PUT
 * /admin/v1/config}). Export writes what is in force: providers (secrets masked), policies, keys
 * (never their secrets), settings, and the sections that apply at start only as the file wrote
 * them. Import checks the whole document before anything changes (every provider entry, every
 * policy compiled against the new providers, the settings), stores it in one transaction and puts
 * it in force in one step; a section left out stays as it is, a section given replaces that part
 * whole. Start-up sections and keys can only be given as they are in force (409 otherwise): they
 * change in the file or through {@code /admin/v1/keys}.
 */
public final class ConfigDocument {

  /** The policies, as the routing layer holds them. */
  public interface Policies {
    Map<String, ObjectNode> fromFile();

    Map<String, ObjectNode> saved();
  }

  /** Sections read at start only, exported as the file wrote them, in this order. */
  static final List<String> START_ONLY =
      List.of(
          "server",
          "upstream",
          "health",
          "sim",
          "catalog",
          "teams",
          "alerts",
          "budgets",
          "pricing");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode file;
  private final ProviderBook providers;
  private final Policies policies;
  private final SettingsBook settings;
  private final Supplier<List<ObjectNode>> keys;
  private final ConfigStore store;

  /**
   * @param file the config file's document as written
   * @param keys every key as {@code /admin/v1/keys} lists it
   */
  public ConfigDocument(
      JsonNode file,
      ProviderBook providers,
      Policies policies,
      SettingsBook settings,
      Supplier<List<ObjectNode>> keys,
      ConfigStore store) {
    this.file = file == null ? NODES.objectNode() : file;
    this.providers = providers;
    this.policies = policies;
    this.settings = settings;
    this.keys = keys;
    this.store = store;
  }

  /** The configuration in force. */
  public ObjectNode export() {
    ObjectNode doc = NODES.objectNode();
    ObjectNode p = doc.putObject("providers");
    for (ProviderBook.Entry e : providers.list()) {
      ObjectNode spec = ProviderJson.masked(e.spec());
      if (!e.enabled()) {
        spec.put("enabled", false);
      }
      p.set(e.id(), spec);
    }
    Map<String, ObjectNode> all = new TreeMap<>(policies.saved());
    all.putAll(policies.fromFile());
    ObjectNode pol = doc.putObject("policies");
    all.forEach(pol::set);
    ArrayNode k = doc.putArray("keys");
    for (ObjectNode key : keys.get()) {
      ObjectNode copy = key.deepCopy();
      copy.remove(List.of("created_at", "updated_at", "secret"));
      k.add(copy);
    }
    doc.set("settings", settings.json());
    for (String section : START_ONLY) {
      if (file.has(section)) {
        doc.set(
            section,
            section.equals("alerts") ? maskedAlerts(file.get(section)) : file.get(section));
      }
    }
    return canonical(doc);
  }

  /** The export as YAML text. */
  public String exportYaml() {
    return yaml(export());
  }

  public static String yaml(JsonNode doc) {
    try {
      return YAML.writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always writes as YAML", e);
    }
  }

  /** Parses an imported document: YAML when {@code yaml}, else JSON; 400 when it is neither. */
  public static JsonNode parse(byte[] body, boolean yaml) {
    try {
      JsonNode doc = (yaml ? YAML : JSON).readTree(body);
      if (doc instanceof ObjectNode) {
        return doc;
      }
    } catch (IOException e) {
      throw GatewayException.invalid(
          null, "The document is not valid " + (yaml ? "YAML" : "JSON") + ": " + firstLine(e));
    }
    throw GatewayException.invalid(null, "The document must be a mapping of sections.");
  }

  /**
   * Checks {@code doc} as a whole, then stores and installs it; completes with the new export.
   * Nothing changes when any part is refused.
   */
  public Future<ObjectNode> importDocument(JsonNode doc) {
    if (!(doc instanceof ObjectNode given)) {
      throw GatewayException.invalid(null, "The document must be a mapping of sections.");
    }
    given
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!ConfigLoader.TOP_LEVEL.contains(name)) {
                throw GatewayException.invalid(
                    name,
                    name
                        + ": unknown section (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(ConfigLoader.TOP_LEVEL))
                        + ")");
              }
            });
    ObjectNode doc2 = canonical(given);
    return providers.exclusive(
        () -> {
          ObjectNode current = export();
          for (String section : START_ONLY) {
            fixed(
                doc2,
                current,
                section,
                "applies at start only: change it in switchboard.yaml" + " and restart",
                "restart_required");
          }
          fixed(
              doc2,
              current,
              "keys",
              "keys change through /admin/v1/keys (this section lists"
                  + " them, without their secrets)",
              "keys_read_only");
          ProviderBook.Staged staged =
              providers.stage(
                  doc2.has("providers") ? doc2.get("providers") : current.get("providers"));
          Map<String, ObjectNode> saved = doc2.has("policies") ? saved(doc2.get("policies")) : null;
          Runnable swap =
              providers.prepare(
                  staged, saved == null ? new LinkedHashMap<>(policies.saved()) : saved);
          SettingsJson.Parsed parsed =
              doc2.has("settings") ? settings.check(doc2.get("settings")) : null;
          return store
              .replace(staged.rows(), saved, parsed == null ? null : settings.sealed(parsed))
              .map(
                  v -> {
                    providers.adopt(staged, swap);
                    if (parsed != null) {
                      settings.adopt(parsed);
                    }
                    return export();
                  });
        });
  }

  /** The admin policies of a policies section; the file's may appear only as they are. */
  private Map<String, ObjectNode> saved(JsonNode section) {
    if (!section.isObject() && !section.isNull()) {
      throw GatewayException.invalid("policies", "policies: must be a mapping of name to policy");
    }
    Map<String, ObjectNode> out = new TreeMap<>();
    Map<String, ObjectNode> fromFile = policies.fromFile();
    section
        .fields()
        .forEachRemaining(
            e -> {
              String path = "policies." + e.getKey();
              if (!(e.getValue() instanceof ObjectNode spec)) {
                throw GatewayException.invalid(path, path + ": must be a mapping");
              }
              if (fromFile.containsKey(e.getKey())) {
                if (!canonical(fromFile.get(e.getKey())).equals(spec)) {
                  throw new GatewayException(
                      ErrorKind.INVALID_REQUEST,
                      409,
                      path + ": defined in switchboard.yaml; change it there",
                      path,
                      "policy_read_only",
                      null);
                }
                return;
              }
              out.put(e.getKey(), spec);
            });
    return out;
  }

  private static void fixed(
      ObjectNode doc, ObjectNode current, String section, String why, String code) {
    JsonNode given = doc.get(section);
    JsonNode now = current.get(section);
    boolean same = given == null || given.equals(now) || (now == null && isEmpty(given));
    if (!same) {
      throw new GatewayException(
          ErrorKind.INVALID_REQUEST, 409, section + ": " + why + ".", section, code, null);
    }
  }

  private static boolean isEmpty(JsonNode node) {
    return node.isNull() || (node.isContainerNode() && node.isEmpty());
  }

  private static JsonNode maskedAlerts(JsonNode alerts) {
    if (alerts instanceof ObjectNode o && o.path("webhook_secret").isTextual()) {
      ObjectNode copy = o.deepCopy();
      copy.put("webhook_secret", ProviderJson.mask(o.get("webhook_secret").asText()));
      return copy;
    }
    return alerts;
  }

  /** The tree a YAML parser reads back from this one (number types included), for comparisons. */
  private static <T extends JsonNode> T canonical(T node) {
    try {
      @SuppressWarnings("unchecked")
      T out = (T) YAML.readTree(YAML.writeValueAsString(node));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always reads back", e);
    }
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
