package switchboard.provider.compatible;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import switchboard.provider.compatible.Vendor.Auth;
import switchboard.provider.compatible.Vendor.Quirk;

/** The table of OpenAI-compatible vendors (facts and sources in wire-formats §6). */
public final class Vendors {

  private static final Map<String, String> NO_RENAMES = Map.of();
  private static final Map<String, String> NO_FINISH_MAP = Map.of();

  /** Every known vendor, in the order {@code /v1/models} lists them. */
  public static final List<Vendor> ALL =
      List.of(
          new Vendor(
              "openai",
              "https://api.openai.com/v1",
              "OPENAI",
              Auth.BEARER,
              true,
              Set.of(),
              NO_RENAMES,
              NO_FINISH_MAP,
              true,
              Set.of(Quirk.RESPONSES_API, Quirk.PROMPT_CACHE_KEY)),
          new Vendor(
              "azure",
              null,
              "AZURE_OPENAI",
              Auth.AZURE_API_KEY,
              true,
              Set.of(),
              NO_RENAMES,
              NO_FINISH_MAP,
              true,
              Set.of(Quirk.AZURE_DEPLOYMENTS)),
          new Vendor(
              "deepseek",
              "https://api.deepseek.com/v1",
              "DEEPSEEK",
              Auth.BEARER,
              false,
              Set.of(),
              NO_RENAMES,
              Map.of("insufficient_system_resource", "length"),
              false,
              Set.of()),
          new Vendor(
              "mistral",
              "https://api.mistral.ai/v1",
              "MISTRAL",
              Auth.BEARER,
              false,
              Set.of(
                  "logit_bias",
                  "logprobs",
                  "top_logprobs",
                  "store",
                  "metadata",
                  "user",
                  "service_tier",
                  "stream_options"),
              Map.of("seed", "random_seed"),
              Map.of("model_length", "length", "error", "stop"),
              false,
              Set.of(Quirk.MISTRAL_TOOLS)),
          new Vendor(
              "groq",
              "https://api.groq.com/openai/v1",
              "GROQ",
              Auth.BEARER,
              false,
              Set.of("logprobs", "logit_bias", "top_logprobs", "store", "metadata"),
              NO_RENAMES,
              NO_FINISH_MAP,
              false,
              Set.of(Quirk.NO_MESSAGE_NAME)),
          new Vendor(
              "together",
              "https://api.together.xyz/v1",
              "TOGETHER",
              Auth.BEARER,
              false,
              Set.of("store", "metadata"),
              NO_RENAMES,
              Map.of("eos", "stop"),
              false,
              Set.of(Quirk.NONE_TOOL_CHOICE_DROPS_TOOLS)),
          new Vendor(
              "xai",
              "https://api.x.ai/v1",
              "XAI",
              Auth.BEARER,
              false,
              Set.of("store"),
              NO_RENAMES,
              NO_FINISH_MAP,
              false,
              Set.of(Quirk.REASONING_OUTSIDE_COMPLETION)),
          new Vendor(
              "openrouter",
              "https://openrouter.ai/api/v1",
              "OPENROUTER",
              Auth.BEARER,
              false,
              Set.of(),
              NO_RENAMES,
              NO_FINISH_MAP,
              false,
              Set.of()),
          new Vendor(
              "fireworks",
              "https://api.fireworks.ai/inference/v1",
              "FIREWORKS",
              Auth.BEARER,
              false,
              Set.of("seed", "store", "metadata"),
              NO_RENAMES,
              NO_FINISH_MAP,
              false,
              Set.of()),
          new Vendor(
              "custom",
              null,
              null,
              Auth.BEARER,
              false,
              Set.of(),
              NO_RENAMES,
              Map.of("eos", "stop"),
              false,
              Set.of()),
          new Vendor(
              "sim",
              null,
              null,
              Auth.BEARER,
              true,
              Set.of(),
              NO_RENAMES,
              NO_FINISH_MAP,
              true,
              Set.of(Quirk.RESPONSES_API)));

  private Vendors() {}

  public static Optional<Vendor> find(String id) {
    return ALL.stream().filter(v -> v.id().equals(id)).findFirst();
  }
}
