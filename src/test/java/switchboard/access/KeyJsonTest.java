package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.GatewayException;

class KeyJsonTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void readsEveryField() throws Exception {
    KeySpec spec =
        KeyJson.read(
            json(
                """
        {"name": "app", "owner": "team-a", "expires_at": "2027-01-01T00:00:00Z",
         "models": ["openai/*"], "policies": ["cheap"], "bound_policies": ["cheap"],
         "options": {"auto_cache": true}, "metadata": {"env": "prod"},
         "budget": {"limit_usd": 25, "period": "weekly", "mode": "soft", "alerts": [90, 50]},
         "rate_limits": {"rpm": 60, "tpm": 100000}}"""),
            null,
            Set.of());
    assertThat(spec.expiresMs()).isEqualTo(1798761600000L);
    assertThat(spec.budget())
        .isEqualTo(new Budget(25, BudgetPeriod.WEEKLY, false, java.util.List.of(50, 90)));
    assertThat(spec.limits()).isEqualTo(new RateLimits(60, 100000));
    assertThat(spec.options().get("auto_cache").asBoolean()).isTrue();
    JsonNode back = KeyJson.spec(spec);
    assertThat(KeyJson.read(back, null, Set.of())).isEqualTo(spec);
  }

  @Test
  void patchKeepsWhatItDoesNotName() throws Exception {
    KeySpec base =
        KeyJson.read(
            json("{\"name\":\"app\",\"budget\":{\"limit_usd\":5}," + "\"models\":[\"sim/*\"]}"),
            null,
            Set.of());
    KeySpec patched =
        KeyJson.read(json("{\"rate_limits\":{\"rpm\":3},\"budget\":null}"), base, Set.of());
    assertThat(patched.name()).isEqualTo("app");
    assertThat(patched.models()).containsExactly("sim/*");
    assertThat(patched.budget()).isNull();
    assertThat(patched.limits().rpm()).isEqualTo(3);
    assertThat(base.budget().hard()).isTrue();
    assertThat(base.budget().period()).isEqualTo(BudgetPeriod.MONTHLY);
    assertThat(base.budget().alerts()).isNull();
  }

  @Test
  void invalidValuesNameTheirField() {
    assertField("{\"name\":\"a\",\"budget\":{\"limit_usd\":0}}", "budget.limit_usd");
    assertField("{\"name\":\"a\",\"budget\":{\"limit_usd\":1e12}}", "budget.limit_usd");
    assertField("{\"name\":\"a\",\"budget\":{\"limit_usd\":1,\"mode\":\"loud\"}}", "budget.mode");
    assertField("{\"name\":\"a\",\"budget\":{\"limit_usd\":1,\"alerts\":[0]}}", "budget.alerts");
    assertField("{\"name\":\"a\",\"budget\":{\"limit\":1}}", "budget.limit");
    assertField("{\"name\":\"a\",\"rate_limits\":{\"rpm\":1.5}}", "rate_limits.rpm");
    assertField("{\"name\":\"a\",\"expires_at\":\"tomorrow\"}", "expires_at");
    assertField("{\"name\":\"a\",\"models\":\"sim/*\"}", "models");
    assertField("{\"name\":\"a\",\"options\":{\"auto_cache\":\"yes\"}}", "options.auto_cache");
    assertField("{\"name\":\"\"}", "name");
  }

  private static void assertField(String body, String field) {
    assertThatThrownBy(() -> KeyJson.read(json(body), null, Set.of()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.param()).isEqualTo(field);
              assertThat(e.status()).isEqualTo(400);
            });
  }
}
