package switchboard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import switchboard.provider.ProviderConfig;

/**
 * The providers whose APIs are not OpenAI's (Anthropic, Google Gemini, AWS Bedrock): which
 * environment variables enable them (SPEC §2) and which vendor-specific settings they take in
 * {@code switchboard.yaml}. Their default base URLs live in the providers themselves.
 */
final class NativeProviders {

  /** The native vendors, by id. */
  static final Set<String> VENDORS = Set.of("anthropic", "google", "bedrock");

  /**
   * Config-file fields only native vendors take (Bedrock's credentials and region), except {@code
   * region}, which every provider takes: Bedrock's AWS region, elsewhere where it serves.
   */
  static final Set<String> FIELDS =
      Set.of("region", "access_key_id", "secret_access_key", "session_token");

  private NativeProviders() {}

  /** Those enabled by the environment. */
  static List<ProviderConfig> fromEnvironment(Map<String, String> env) {
    List<ProviderConfig> out = new ArrayList<>();
    String anthropic = value(env, "ANTHROPIC_API_KEY");
    if (anthropic != null) {
      out.add(
          new ProviderConfig(
              "anthropic",
              "anthropic",
              anthropic,
              value(env, "ANTHROPIC_BASE_URL"),
              null,
              List.of(),
              Map.of()));
    }
    String gemini = value(env, "GEMINI_API_KEY");
    gemini = gemini != null ? gemini : value(env, "GOOGLE_API_KEY");
    if (gemini != null) {
      out.add(
          new ProviderConfig(
              "google",
              "google",
              gemini,
              value(env, "GEMINI_BASE_URL"),
              null,
              List.of(),
              Map.of()));
    }
    String keyId = value(env, "AWS_ACCESS_KEY_ID");
    String secret = value(env, "AWS_SECRET_ACCESS_KEY");
    if (keyId != null && secret != null) {
      String region = value(env, "AWS_REGION");
      region = region != null ? region : value(env, "AWS_DEFAULT_REGION");
      if (region == null) {
        throw new ConfigException(
            "AWS_ACCESS_KEY_ID is set but AWS_REGION is not: Bedrock needs" + " a region");
      }
      out.add(
          new ProviderConfig(
              "bedrock",
              "bedrock",
              secret,
              value(env, "BEDROCK_BASE_URL"),
              null,
              List.of(),
              Map.of(),
              settings(region, keyId, value(env, "AWS_SESSION_TOKEN"))));
    }
    return out;
  }

  /**
   * The vendor-specific settings of a config-file provider. For Bedrock, {@code region} and {@code
   * access_key_id} are required and {@code secret_access_key} stands for {@code api_key}.
   */
  static ProviderConfig complete(ProviderConfig p, Map<String, String> fields, String path) {
    String region = fields.get("region");
    if (region != null && !switchboard.model.DeploymentRegion.valid(region)) {
      throw new ConfigException(
          path
              + ".region: '"
              + region
              + "' is not a region: give a region code (eu, us, …) or the cloud's region or"
              + " location (eu-central-1, westeurope, europe-west4)");
    }
    if (!p.vendor().equals("bedrock")) {
      for (String field : fields.keySet()) {
        if (!field.equals("region")) {
          throw new ConfigException(path + "." + field + ": only Bedrock providers take this");
        }
      }
      // Any other provider's region is where it serves, for data residency
      // (docs/data-residency.md).
      return region == null
          ? p
          : new ProviderConfig(
              p.id(),
              p.vendor(),
              p.apiKey(),
              p.baseUrl(),
              p.apiVersion(),
              p.models(),
              p.headers(),
              Map.of("region", region.trim()));
    }
    String secret = fields.getOrDefault("secret_access_key", p.apiKey());
    if (fields.get("region") == null) {
      throw new ConfigException(path + ".region: required for vendor 'bedrock'");
    }
    if (fields.get("access_key_id") == null || secret == null || secret.isEmpty()) {
      throw new ConfigException(
          path
              + ": vendor 'bedrock' needs access_key_id and"
              + " secret_access_key (e.g. ${AWS_ACCESS_KEY_ID}, ${AWS_SECRET_ACCESS_KEY})");
    }
    return new ProviderConfig(
        p.id(),
        p.vendor(),
        secret,
        p.baseUrl(),
        p.apiVersion(),
        p.models(),
        p.headers(),
        settings(fields.get("region"), fields.get("access_key_id"), fields.get("session_token")));
  }

  private static Map<String, String> settings(String region, String keyId, String token) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("region", region);
    out.put("access_key_id", keyId);
    if (token != null && !token.isBlank()) {
      out.put("session_token", token);
    }
    return out;
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
