package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialDetectorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-xyz",
        "sk-sb-Q2xvdWQtbmF0aXZlIGdhdGV3YXkga2V5cyBoZXJl",
        "ghp_0123456789abcdefABCDEF0123456789abcd",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        "glpat-xxxxXXXXxxxxXXXXxxxx",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKl",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "AKIAIOSFODNN7EXAMPLE",
        "AIzaSyA-1234567890abcdefghijklmnopqrstu",
        "npm_abcdefghijklmnopqrstuvwxyz0123456789",
        "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
      })
  void findsTokens(String token) {
    assertThat(Found.in("use " + token + " please")).containsExactly("CREDENTIAL=" + token);
  }

  @Test
  void findsPrivateKeyBlocksAndSecretAssignments() {
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----";
    assertThat(Found.in("key:\n" + pem + "\nend")).containsExactly("CREDENTIAL=" + pem);
    assertThat(Found.in("DB_PASSWORD=Hunter2!x9")).containsExactly("CREDENTIAL=Hunter2!x9");
    assertThat(Found.in("{\"api_key\": \"a1b2c3d4e5f6\"}"))
        .containsExactly("CREDENTIAL=a1b2c3d4e5f6");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "commit da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "pip install scikit-learn and sk-learn",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----",
        "password = os.environ[\"DB_PASSWORD\"]",
        "password: ${DB_PASSWORD}",
        "token: <your token here>",
        "password: required",
        "Forgot your password? Reset it here",
        "api_key = get_key()",
        "pk_live_publishable_is_not_secret_1234"
      })
  void ignoresLookAlikes(String text) {
    assertThat(Found.in(text)).noneMatch(f -> f.startsWith("CREDENTIAL"));
  }
}
