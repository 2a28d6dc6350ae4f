package switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

  @TempDir Path dir;

  @Test
  void sealsWithAFreshNonceAndOpensOnlyForTheSameField() throws Exception {
    SecretBox box = SecretBox.load(Map.of(), dir);
    String a = box.seal("sk-secret-value", "providers.x.api_key");
    String b = box.seal("sk-secret-value", "providers.x.api_key");
    assertThat(a).startsWith("enc:v1:").isNotEqualTo(b).doesNotContain("sk-secret-value");
    assertThat(box.open(a, "providers.x.api_key")).isEqualTo("sk-secret-value");
    assertThatThrownBy(() -> box.open(a, "providers.y.api_key"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.y.api_key")
        .hasMessageNotContaining("sk-secret");
    String tampered = a.substring(0, a.length() - 4) + (a.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThatThrownBy(() -> box.open(tampered, "providers.x.api_key"))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void theKeyFileIsMadeOnceWithMode0600AndReadAfter() throws Exception {
    SecretBox first = SecretBox.load(Map.of(), dir);
    Path file = dir.resolve("secrets.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String sealed = first.seal("v", "c");
    assertThat(SecretBox.load(Map.of(), dir).open(sealed, "c")).isEqualTo("v");
  }

  @Test
  void theEnvironmentKeyWinsAndABadOneIsNamed() throws Exception {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    SecretBox box = SecretBox.load(Map.of(SecretBox.ENV, key), dir);
    assertThat(Files.exists(dir.resolve("secrets.key"))).isFalse();
    String sealed = box.seal("v", "c");
    assertThat(new SecretBox(new byte[32]).open(sealed, "c")).isEqualTo("v");
    assertThatThrownBy(() -> SecretBox.load(Map.of(SecretBox.ENV, "c2hvcnQ="), dir))
        .hasMessageContaining(SecretBox.ENV);
  }

  @Test
  void masksKeepOnlyTheLastFourAndMergeKeepsAMaskedSecret() throws Exception {
    assertThat(ProviderJson.mask("sk-0123456789abcdefWXYZ")).isEqualTo("****WXYZ");
    assertThat(ProviderJson.mask("short")).isEqualTo("****");
    assertThat(ProviderJson.mask("${OPENAI_KEY}")).isEqualTo("${OPENAI_KEY}");
    ObjectMapper json = new ObjectMapper();
    ObjectNode current =
        (ObjectNode)
            json.readTree("{\"api_key\":\"sk-0123456789abcdefWXYZ\",\"base_url\":\"http://a\"}");
    ObjectNode merged =
        ProviderJson.merge(
            current, (ObjectNode) json.readTree("{\"api_key\":\"****WXYZ\",\"base_url\":null}"));
    assertThat(merged.path("api_key").asText()).isEqualTo("sk-0123456789abcdefWXYZ");
    assertThat(merged.has("base_url")).isFalse();
  }
}
