package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelAccessTest {

  static KeySpec spec(List<String> models, List<String> policies) {
    return new KeySpec(
        "k",
        null,
        null,
        models,
        policies,
        List.of(),
        JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.objectNode(),
        null,
        null);
  }

  @Test
  void patternsAndPolicies() {
    KeySpec spec = spec(List.of("openai/*", "sim/gpt-4o-mini"), List.of("cheap"));
    assertThat(ModelAccess.allowed(spec, "openai/gpt-4o")).isTrue();
    assertThat(ModelAccess.allowed(spec, "sim/gpt-4o-mini")).isTrue();
    assertThat(ModelAccess.allowed(spec, "sim/echo")).isFalse();
    assertThat(ModelAccess.allowed(spec, "openaix/gpt-4o")).isFalse();
    assertThat(ModelAccess.allowed(spec, "policy/cheap")).isTrue();
    assertThat(ModelAccess.allowed(spec, "policy/fast")).isFalse();
    assertThat(ModelAccess.allowed(spec(List.of(), List.of()), "anything/at-all")).isTrue();
    assertThat(ModelAccess.allowed(spec(List.of("*"), List.of()), "policy/any")).isTrue();
  }
}
