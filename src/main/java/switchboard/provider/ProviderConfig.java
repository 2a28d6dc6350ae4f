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
 */
public record ProviderConfig(
    String id,
    String vendor,
    String apiKey,
    String baseUrl,
    String apiVersion,
    List<String> models,
    Map<String, String> headers) {

  public ProviderConfig {
    models = models == null ? List.of() : List.copyOf(models);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    apiKey = apiKey == null ? "" : apiKey;
  }

  @Override
  public String toString() {
    // The key never appears in logs or error messages.
    return "ProviderConfig[id=" + id + ", vendor=" + vendor + ", baseUrl=" + baseUrl + "]";
  }
}
