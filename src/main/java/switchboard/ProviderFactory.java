package switchboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import switchboard.config.GatewayConfig;
import switchboard.provider.Provider;
import switchboard.provider.ProviderConfig;
import switchboard.provider.anthropic.AnthropicProvider;
import switchboard.provider.bedrock.BedrockProvider;
import switchboard.provider.compatible.OpenAiCompatibleProvider;
import switchboard.provider.compatible.Vendors;
import switchboard.provider.google.GeminiProvider;
import switchboard.provider.simulated.AnthropicSimulator;
import switchboard.provider.simulated.BedrockSimulator;
import switchboard.provider.simulated.GeminiSimulator;
import switchboard.provider.simulated.Simulator;
import switchboard.usage.ModelInfo;
import switchboard.usage.PriceCatalog;

/**
 * Builds the providers in force from their configuration: native codecs, vendor rows, simulators.
 */
final class ProviderFactory {

  private ProviderFactory() {}

  static List<Provider> providers(
      List<ProviderConfig> enabled,
      GatewayConfig config,
      int port,
      String host,
      PriceCatalog catalog) {
    List<Provider> out = new ArrayList<>();
    for (ProviderConfig p : enabled) {
      out.add(provider(p, catalog));
    }
    if (config.sim().enabled()) {
      String loopback = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
      if (loopback.contains(":") && !loopback.startsWith("[")) {
        loopback = "[" + loopback + "]";
      }
      String self = "http://" + loopback + ":" + port;
      List<String> models = Simulator.models();
      out.add(
          new OpenAiCompatibleProvider(
              new ProviderConfig("sim", "sim", "", self + Simulator.PATH, null, models, Map.of()),
              Vendors.find("sim").orElseThrow()));
      // The same scenarios in each native dialect, so every translation runs end to end.
      out.add(
          provider(
              new ProviderConfig(
                  "sim-anthropic",
                  "anthropic",
                  "sim-key",
                  self + AnthropicSimulator.PATH,
                  null,
                  models,
                  Map.of()),
              catalog));
      out.add(
          provider(
              new ProviderConfig(
                  "sim-google",
                  "google",
                  "sim-key",
                  self + GeminiSimulator.PATH,
                  null,
                  models,
                  Map.of()),
              catalog));
      out.add(
          provider(
              new ProviderConfig(
                  "sim-bedrock",
                  "bedrock",
                  BedrockSimulator.SECRET_ACCESS_KEY,
                  self + BedrockSimulator.PATH,
                  null,
                  models,
                  Map.of(),
                  Map.of("region", "us-east-1", "access_key_id", BedrockSimulator.ACCESS_KEY_ID)),
              catalog));
    }
    return out;
  }

  /** The provider for one configured deployment: a native codec, or a row of the vendor table. */
  static Provider provider(ProviderConfig p, PriceCatalog catalog) {
    return switch (p.vendor()) {
      case "anthropic" ->
          new AnthropicProvider(
              p,
              model -> {
                // Anthropic requires max_tokens: the model's own limit from the catalog (under its
                // deployment's id, else Anthropic's), capped so that an unbounded non-streamed
                // request stays within what the API lets run in one response.
                ModelInfo info = catalog.find(p.id() + "/" + model);
                info = info != null ? info : catalog.find("anthropic/" + model);
                return info == null || info.maxOutput() <= 0
                    ? 4096
                    : Math.min(info.maxOutput(), 32_000);
              });
      case "google" -> new GeminiProvider(p);
      case "bedrock" -> new BedrockProvider(p, Clock.systemUTC());
      default -> new OpenAiCompatibleProvider(p, Vendors.find(p.vendor()).orElseThrow());
    };
  }
}
