package switchboard.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * AWS's published Signature V4 test suite (aws-sig-v4-test-suite, as mirrored in awslabs/aws-c-auth
 * {@code tests/aws-signing-test-suite/v4/<case>/header-signed-request.txt} and botocore {@code
 * tests/unit/auth/aws4_testsuite}): credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1,
 * service {@code service}, host example.amazonaws.com.
 */
class SigV4Test {

  private static final Credentials SUITE =
      new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
  private static final Instant WHEN = Instant.parse("2015-08-30T12:36:00Z");
  private static final String TOKEN =
      "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

  private static String authorization(
      String method, String url, Map<String, String> headers, Credentials credentials) {
    return SigV4.sign(
            method,
            URI.create(url),
            headers,
            new byte[0],
            WHEN,
            credentials,
            "us-east-1",
            "service")
        .get("authorization");
  }

  private static String expected(String signedHeaders, String signature) {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders="
        + signedHeaders
        + ", Signature="
        + signature;
  }

  @Test
  void getVanilla() {
    assertThat(authorization("GET", "https://example.amazonaws.com/", Map.of(), SUITE))
        .isEqualTo(
            expected(
                "host;x-amz-date",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
  }

  @Test
  void postVanilla() {
    assertThat(authorization("POST", "https://example.amazonaws.com/", Map.of(), SUITE))
        .isEqualTo(
            expected(
                "host;x-amz-date",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"));
  }

  @Test
  void getVanillaQueryOrderKeyCase() {
    assertThat(
            authorization(
                "GET",
                "https://example.amazonaws.com/?Param2=value2&Param1=value1",
                Map.of(),
                SUITE))
        .isEqualTo(
            expected(
                "host;x-amz-date",
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
  }

  @Test
  void getUnreserved() {
    assertThat(
            authorization(
                "GET",
                "https://example.amazonaws.com/"
                    + "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                Map.of(),
                SUITE))
        .isEqualTo(
            expected(
                "host;x-amz-date",
                "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"));
  }

  @Test
  void getHeaderValueTrim() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("My-Header1", " value1");
    headers.put("My-Header2", "\"a   b   c\"");
    assertThat(authorization("GET", "https://example.amazonaws.com/", headers, SUITE))
        .isEqualTo(
            expected(
                "host;my-header1;my-header2;x-amz-date",
                "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"));
  }

  @Test
  void postStsHeaderBeforeSignsTheSessionToken() {
    Map<String, String> sent =
        SigV4.sign(
            "POST",
            URI.create("https://example.amazonaws.com/"),
            Map.of(),
            new byte[0],
            WHEN,
            new Credentials(SUITE.accessKeyId(), SUITE.secretAccessKey(), TOKEN),
            "us-east-1",
            "service");
    assertThat(sent.get("authorization"))
        .isEqualTo(
            expected(
                "host;x-amz-date;x-amz-security-token",
                "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"));
    assertThat(sent)
        .containsEntry("x-amz-security-token", TOKEN)
        .containsEntry("x-amz-date", "20150830T123600Z")
        .doesNotContainKey("host");
  }

  @Test
  void postVanillaCanonicalRequestIsTheSuites() {
    TreeMap<String, String> headers =
        new TreeMap<>(Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z"));
    assertThat(
            SigV4.canonicalRequest(
                "POST", URI.create("https://example.amazonaws.com/"), headers, new byte[0]))
        .isEqualTo(
            "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void modelIdsAreEncodedTwiceInTheCanonicalUri() {
    // Sent as /model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse; signed one level deeper.
    assertThat(SigV4.canonicalUri("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse"))
        .isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse");
    assertThat(
            SigV4.canonicalUri(
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fus.meta.llama3/converse"))
        .isEqualTo(
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Ainference-profile%252Fus.meta.llama3/converse");
    assertThat(SigV4.encode("a:b/c é")).isEqualTo("a%3Ab%2Fc%20%C3%A9");
  }

  @Test
  void hostCarriesANonDefaultPortOnly() {
    assertThat(SigV4.host(URI.create("https://bedrock-runtime.us-east-1.amazonaws.com/x")))
        .isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(SigV4.host(URI.create("https://bedrock-runtime.us-east-1.amazonaws.com:443/x")))
        .isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(SigV4.host(URI.create("http://127.0.0.1:8089/sim"))).isEqualTo("127.0.0.1:8089");
  }

  @Test
  void theBodyIsSigned() {
    URI uri = URI.create("https://example.amazonaws.com/");
    String a =
        SigV4.sign(
                "POST",
                uri,
                Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8),
                WHEN,
                SUITE,
                "us-east-1",
                "service")
            .get("authorization");
    String b =
        SigV4.sign(
                "POST",
                uri,
                Map.of(),
                "{ }".getBytes(StandardCharsets.UTF_8),
                WHEN,
                SUITE,
                "us-east-1",
                "service")
            .get("authorization");
    assertThat(a).isNotEqualTo(b);
    assertThat(a).doesNotContain(SUITE.secretAccessKey());
  }
}
