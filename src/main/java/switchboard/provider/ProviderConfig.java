package switchboard.provider;

import java.util.List;
import java.util.Map;

/**
 * One configured provider, from the environment or the config file.
 *
 * @param id the provider id in model names
 * @param vendor the vendor row ({@code openai}, {@code mistral}, {@code custom}, {@code sim}…)
 * @param apiKey the provider key; may be empty for local servers
 * @param baseUrl the base URL (for Azure: the resource endpoint)
 * @param apiVersion Azure's {@code api-version}; null elsewhere
 * @param models models the provider declares (custom deployments, Azure deployments)
 * @param headers extra headers sent upstream (e.g. OpenRouter's {@code HTTP-Referer})
 * @param settings vendor-specific settings, e.g. Bedrock's {@code region}, {@code access_key_id},
 *     {@code session_token} (the secret access key is {@code apiKey})
 */
public record ProviderConfig(
    String id,
    String vendor,
    String apiKey,
    String baseUrl,
    String apiVersion,
    List<String> models,
    Map<String, String> headers,
    Map<String, String> settings) {

  public ProviderConfig {
    models = models == null ? List.of() : List.copyOf(models);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    apiKey = apiKey == null ? "" : apiKey;
  }

  /** A provider without vendor-specific settings. */
  public ProviderConfig(
      String id,
      String vendor,
      String apiKey,
      String baseUrl,
      String apiVersion,
      List<String> models,
      Map<String, String> headers) {
    this(id, vendor, apiKey, baseUrl, apiVersion, models, headers, Map.of());
  }

  /**
   * The base URL to send to: the configured one, else {@code fallback} (the vendor's default, may
   * be null), trimmed and without a trailing slash so paths can be appended.
   */
  public String baseUrlOr(String fallback) {
    String base = baseUrl == null || baseUrl.isBlank() ? fallback : baseUrl.trim();
    return base != null && base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** A vendor-specific setting, or null. */
  public String setting(String name) {
    return settings.get(name);
  }

  @Override
  public String toString() {
    // The key never appears in logs or error messages.
    return "ProviderConfig[id=" + id + ", vendor=" + vendor + ", baseUrl=" + baseUrl + "]";
  }
}
