package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayOptions;
import switchboard.pipeline.Operation;
import switchboard.provider.ProviderConfig;
import switchboard.provider.compatible.OpenAiCompatibleProvider;
import switchboard.provider.compatible.Vendors;
import switchboard.route.Target;
import switchboard.upstream.Timeouts;
import switchboard.usage.PriceCatalog;
import switchboard.usage.TokenCounter;

class WorstCaseTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static Target sim(String model) {
    return new Target(
        new OpenAiCompatibleProvider(
            new ProviderConfig(
                "sim", "sim", "", "http://127.0.0.1:1/sim/v1", null, List.of(), Map.of()),
            Vendors.find("sim").orElseThrow()),
        model,
        Timeouts.DEFAULT);
  }

  static Exchange exchange(String body) throws Exception {
    return new Exchange(
        "r",
        0,
        0,
        Operation.CHAT,
        "k",
        (ObjectNode) JSON.readTree(body),
        "sim/gpt-4o-mini",
        List.of(),
        false,
        false,
        GatewayOptions.NONE);
  }

  @Test
  void promptAtInputPricePlusMaxOutputAtOutputPrice() throws Exception {
    TokenCounter tokens = new TokenCounter();
    WorstCase worst = new WorstCase(PriceCatalog.load(List.of()), tokens, 0, 4096);
    String body =
        "{\"model\":\"sim/gpt-4o-mini\",\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}";
    long prompt = tokens.prompt("gpt-4o-mini", JSON.readTree(body));
    WorstCase.Estimate e = worst.of(exchange(body), List.of(sim("gpt-4o-mini")));
    assertThat(e.promptTokens()).isEqualTo(prompt);
    assertThat(e.outputTokens()).isEqualTo(100);
    // sim/gpt-4o-mini: $0.15 in, $0.60 out per million.
    assertThat(e.nanos()).isEqualTo(Math.round((prompt * 0.15 + 100 * 0.60) * 1e3));

    WorstCase marked = new WorstCase(PriceCatalog.load(List.of()), tokens, 50, 4096);
    assertThat(marked.of(exchange(body), List.of(sim("gpt-4o-mini"))).nanos())
        .isEqualTo(Math.round((prompt * 0.15 + 100 * 0.60) * 1e3 * 1.5));
  }

  @Test
  void withoutMaxTokensTheDefaultAndTheContextWindowCap() throws Exception {
    String body =
        "{\"model\":\"sim/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    WorstCase worst = new WorstCase(PriceCatalog.load(List.of()), new TokenCounter(), 0, 4096);
    assertThat(worst.of(exchange(body), List.of(sim("gpt-4o-mini"))).outputTokens())
        .isEqualTo(4096);
    String huge =
        "{\"model\":\"sim/gpt-4o-mini\",\"max_tokens\":10000000,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    WorstCase.Estimate capped = worst.of(exchange(huge), List.of(sim("gpt-4o-mini")));
    assertThat(capped.outputTokens()).isEqualTo(128_000 - capped.promptTokens());
    // An unpriced model holds nothing; the dearest target of a plan counts.
    assertThat(worst.of(exchange(body), List.of(sim("not-in-catalog"))).nanos()).isZero();
    assertThat(worst.of(exchange(body), List.of(sim("not-in-catalog"), sim("gpt-4o-mini"))).nanos())
        .isEqualTo(worst.of(exchange(body), List.of(sim("gpt-4o-mini"))).nanos());
  }
}
