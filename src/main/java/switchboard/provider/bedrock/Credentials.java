package switchboard.provider.bedrock;

/**
 * AWS credentials for SigV4.
 *
 * @param accessKeyId the access key id (public: it appears in the Authorization header)
 * @param secretAccessKey the secret access key (never logged, never in a message)
 * @param sessionToken the session token of temporary credentials, or null
 */
public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

  @Override
  public String toString() {
    return "Credentials[accessKeyId=" + accessKeyId + "]";
  }
}
