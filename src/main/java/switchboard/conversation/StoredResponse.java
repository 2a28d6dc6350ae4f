package switchboard.conversation;

/**
 * One response the gateway stored for {@code previous_response_id} and {@code GET
 * /v1/responses/{id}}.
 *
 * @param id the response id ({@code resp_…}: the gateway's, or the upstream's on passthrough)
 * @param tenant whose it is (the gateway key's id); nobody else reads, continues or deletes it
 * @param createdMillis when it was stored
 * @param expiresMillis when it is forgotten (the retention setting)
 * @param origin {@code responses_api} when an upstream's Responses API produced it untranslated
 *     (its items then carry that upstream's ids), else null (the gateway translated it)
 * @param inputJson the request's input items as a JSON array (what it continued included)
 * @param responseJson the Responses object as a JSON object
 */
public record StoredResponse(
    String id,
    String tenant,
    long createdMillis,
    long expiresMillis,
    String origin,
    String inputJson,
    String responseJson) {}
