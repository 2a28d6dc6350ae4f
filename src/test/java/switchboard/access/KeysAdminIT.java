package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key CRUD, rotate and revoke through the admin API, and what each does to {@code /v1}. */
class KeysAdminIT {

  static final String YAML =
      """
      sim: {enabled: true, latency_ms: 0, tokens_per_second: 0}
      keys:
        - name: from-config
          secret: ${CONFIG_KEY}
          models: [sim/*]
      """;
  static final String CONFIG_SECRET = "sk-sb-config-declared-secret-42";

  @TempDir Path data;

  @Test
  void createUseRotateRevokeAndTheSecretIsNeverStored() throws Exception {
    List<String> secrets = new ArrayList<>();
    try (GovernanceHarness gw =
        new GovernanceHarness(data, YAML, Map.of("CONFIG_KEY", CONFIG_SECRET), Clock.systemUTC())) {
      JsonNode created =
          gw.createKey(
              "{\"name\":\"app\",\"owner\":\"team-a\","
                  + "\"models\":[\"sim/gpt-4o-mini\"],\"metadata\":{\"env\":\"test\"}}");
      String secret = created.get("secret").asText();
      secrets.add(secret);
      String id = created.get("id").asText();
      assertThat(secret).startsWith("sk-sb-").hasSizeGreaterThan(40);
      assertThat(created.get("prefix").asText()).isEqualTo(secret.substring(0, 14));
      assertThat(created.get("owner").asText()).isEqualTo("team-a");

      GovernanceHarness.Reply list = gw.admin("GET", "/keys", null);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().toString())
          .doesNotContain(secret)
          .contains("\"app\"")
          .contains("from-config");
      assertThat(gw.admin("GET", "/keys/" + id, null).json().has("secret")).isFalse();

      assertThat(gw.chat(secret, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      JsonNode models = gw.send("GET", "/v1/models", secret, null).json().get("data");
      assertThat(models).extracting(m -> m.get("id").asText()).containsExactly("sim/gpt-4o-mini");
      assertThat(
              gw.send("GET", "/v1/models", GovernanceHarness.MASTER, null)
                  .json()
                  .get("data")
                  .size())
          .isGreaterThan(1);
      GovernanceHarness.Reply forbidden = gw.chat(secret, "sim/echo", null);
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(forbidden.json().at("/error/param").asText()).isEqualTo("model");
      assertThat(forbidden.json().at("/error/type").asText()).isEqualTo("permission_error");
      assertThat(
              gw.chat(secret, "sim/gpt-4o-mini", "\"models\":[\"sim/echo\"]")
                  .json()
                  .at("/error/param")
                  .asText())
          .isEqualTo("models[0]");

      GovernanceHarness.Reply unknown = gw.chat("sk-sb-not-a-key-at-all", "sim/gpt-4o-mini", null);
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(unknown.json().at("/error/type").asText()).isEqualTo("authentication_error");

      GovernanceHarness.Reply patched =
          gw.admin(
              "PATCH", "/keys/" + id, "{\"models\":[\"sim/*\"],\"rate_limits\":{\"rpm\":100}}");
      assertThat(patched.status()).isEqualTo(200);
      assertThat(patched.json().at("/rate_limits/rpm").asLong()).isEqualTo(100);
      assertThat(patched.json().at("/metadata/env").asText()).isEqualTo("test");
      assertThat(gw.chat(secret, "sim/echo", null).status()).isEqualTo(200);

      JsonNode rotated = gw.admin("POST", "/keys/" + id + "/rotate", null).json();
      String next = rotated.get("secret").asText();
      secrets.add(next);
      assertThat(next).isNotEqualTo(secret);
      assertThat(gw.chat(secret, "sim/gpt-4o-mini", null).status()).isEqualTo(401);
      assertThat(gw.chat(next, "sim/gpt-4o-mini", null).status()).isEqualTo(200);

      GovernanceHarness.Reply revoked = gw.admin("POST", "/keys/" + id + "/revoke", null);
      assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
      GovernanceHarness.Reply refused = gw.chat(next, "sim/gpt-4o-mini", null);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().at("/error/message").asText()).contains("revoked");

      assertThat(gw.chat(CONFIG_SECRET, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      assertThat(gw.admin("PATCH", "/keys/cfg_from-config", "{\"models\":[]}").status())
          .isEqualTo(409);
      assertThat(gw.chat(GovernanceHarness.MASTER, "sim/gpt-4o-mini", null).status())
          .isEqualTo(200);

      JsonNode survivor = gw.createKey("{\"name\":\"survivor\"}");
      secrets.add(survivor.get("secret").asText());
      Thread.sleep(300); // let the ledger thread write what is queued
      assertSecretsNotIn(secrets);
    }
    // A restart loads the stored hash and the server secret: the key still works.
    try (GovernanceHarness gw =
        new GovernanceHarness(data, YAML, Map.of("CONFIG_KEY", CONFIG_SECRET), Clock.systemUTC())) {
      assertThat(gw.chat(secrets.get(2), "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      assertThat(gw.chat(secrets.get(1), "sim/gpt-4o-mini", null).status()).isEqualTo(401);
    }
    assertSecretsNotIn(secrets);
  }

  private void assertSecretsNotIn(List<String> secrets) throws Exception {
    List<Path> files = new ArrayList<>();
    try (var list = Files.list(data)) {
      list.filter(p -> p.getFileName().toString().startsWith("switchboard.db")).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(bytes)
            .as(file.getFileName().toString())
            .doesNotContain(secret)
            .doesNotContain(secret.substring(14))
            .doesNotContain(secret.substring(20));
      }
    }
  }

  @Test
  void expiredKeysAndInvalidValuesAreRefused() throws Exception {
    MutableClock clock = new MutableClock();
    try (GovernanceHarness gw =
        new GovernanceHarness(data, YAML, Map.of("CONFIG_KEY", CONFIG_SECRET), clock)) {
      JsonNode key =
          gw.createKey(
              "{\"name\":\"short-lived\",\"expires_at\":\""
                  + clock.instant().plusSeconds(3600)
                  + "\"}");
      String secret = key.get("secret").asText();
      assertThat(gw.chat(secret, "sim/gpt-4o-mini", null).status()).isEqualTo(200);
      clock.advance(java.time.Duration.ofHours(2));
      GovernanceHarness.Reply expired = gw.chat(secret, "sim/gpt-4o-mini", null);
      assertThat(expired.status()).isEqualTo(401);
      assertThat(expired.json().at("/error/message").asText()).contains("expired");

      assertInvalid(gw, "{\"name\":\"x\",\"budget\":{\"limit_usd\":-5}}", "budget.limit_usd");
      assertInvalid(
          gw,
          "{\"name\":\"x\",\"budget\":{\"limit_usd\":5,\"period\":\"yearly\"}}",
          "budget.period");
      assertInvalid(
          gw, "{\"name\":\"x\",\"budget\":{\"limit_usd\":5,\"alerts\":[50,150]}}", "budget.alerts");
      assertInvalid(gw, "{\"name\":\"x\",\"rate_limits\":{\"rpm\":\"many\"}}", "rate_limits.rpm");
      assertInvalid(gw, "{\"name\":\"x\",\"rate_limits\":{\"tpm\":-1}}", "rate_limits.tpm");
      assertInvalid(gw, "{\"name\":\"x\",\"colour\":\"red\"}", "colour");
      assertInvalid(gw, "{\"owner\":\"nobody\"}", "name");
      GovernanceHarness.Reply patch =
          gw.admin(
              "PATCH", "/keys/" + key.get("id").asText(), "{\"budget\":{\"limit_usd\":\"ten\"}}");
      assertThat(patch.status()).isEqualTo(400);
      assertThat(patch.json().at("/error/param").asText()).isEqualTo("budget.limit_usd");
      assertThat(gw.admin("GET", "/keys/key_missing", null).status()).isEqualTo(404);
    }
  }

  private static void assertInvalid(GovernanceHarness gw, String body, String field)
      throws Exception {
    GovernanceHarness.Reply r = gw.admin("POST", "/keys", body);
    assertThat(r.status()).as(body).isEqualTo(400);
    assertThat(r.json().at("/error/param").asText()).as(body).isEqualTo(field);
    assertThat(r.json().at("/error/message").asText()).as(body).contains(field);
  }
}
