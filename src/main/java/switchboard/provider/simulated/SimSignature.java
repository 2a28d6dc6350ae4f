package switchboard.provider.simulated;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import switchboard.provider.bedrock.Credentials;
import switchboard.provider.bedrock.SigV4;

/**
 * The simulated Bedrock's authentication: a SigV4 header is required; for {@link
 * BedrockSimulator#ACCESS_KEY_ID} the signature is recomputed with the known secret and compared.
 */
final class SimSignature {

  private static final Pattern AUTH =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
              + "SignedHeaders=([a-z0-9;\\-]+), Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SimSignature() {}

  /** Whether the request may proceed; when not, the 403 has been sent. */
  static boolean check(HttpServerRequest request, Buffer body, HttpServerResponse response) {
    String authorization = request.getHeader("authorization");
    String date = request.getHeader("x-amz-date");
    Matcher auth = authorization == null ? null : AUTH.matcher(authorization);
    if (auth == null || !auth.matches() || date == null) {
      BedrockSimulator.error(
          response,
          403,
          "UnrecognizedClientException",
          "The security token included in the request is invalid.");
      return false;
    }
    if (!auth.group(1).equals(BedrockSimulator.ACCESS_KEY_ID)) {
      return true; // any other key: the shape is enough
    }
    Instant when;
    try {
      when = Instant.from(STAMP.parse(date));
    } catch (RuntimeException e) {
      BedrockSimulator.error(
          response, 403, "InvalidSignatureException", "x-amz-date is not a valid date.");
      return false;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : auth.group(5).split(";")) {
      if (!name.equals("host")
          && !name.equals("x-amz-date")
          && !name.equals("x-amz-security-token")) {
        headers.put(name, String.join(",", request.headers().getAll(name)));
      }
    }
    String query = request.query() == null ? "" : "?" + request.query();
    URI uri = URI.create("http://" + request.getHeader("host") + request.path() + query);
    Credentials credentials =
        new Credentials(
            auth.group(1),
            BedrockSimulator.SECRET_ACCESS_KEY,
            request.getHeader("x-amz-security-token"));
    String expected =
        SigV4.sign(
                request.method().name(),
                uri,
                headers,
                body.getBytes(),
                when,
                credentials,
                auth.group(3),
                auth.group(4))
            .get("authorization");
    if (!expected.equals(authorization)) {
      BedrockSimulator.error(
          response,
          403,
          "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided.");
      return false;
    }
    return true;
  }
}
