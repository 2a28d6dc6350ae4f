package switchboard.provider.compatible;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamRequest;

/** Providers and JSON for the provider tests. */
final class ProviderFixtures {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-test-0123456789abcdef";

  private ProviderFixtures() {}

  static OpenAiCompatibleProvider provider(String vendorId) {
    return provider(vendorId, KEY, null, null, Map.of());
  }

  static OpenAiCompatibleProvider provider(
      String vendorId, String key, String baseUrl, String apiVersion, Map<String, String> headers) {
    Vendor vendor = Vendors.find(vendorId).orElseThrow();
    String base =
        baseUrl != null
            ? baseUrl
            : vendor.defaultBaseUrl() != null ? null : "https://" + vendorId + ".example.test/v1/";
    return new OpenAiCompatibleProvider(
        new ProviderConfig(vendorId, vendorId, key, base, apiVersion, List.of(), headers), vendor);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ObjectNode sent(UpstreamRequest request) {
    return json(request.body().toString());
  }

  static ErrorBodies.Parsed parsed(String message, String type, String code) {
    return new ErrorBodies.Parsed(message, type, code, null);
  }
}
