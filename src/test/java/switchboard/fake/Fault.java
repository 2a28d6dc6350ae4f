package switchboard.fake;

/**
 * The fake's menu: what one scripted answer does besides (or instead of) answering normally.
 * Transport faults and error statuses replace the answer; framing quirks change only its bytes and
 * can be combined with a normal answer.
 */
public enum Fault {
  // Transport faults. (Refusal is a closed port: see FakeOpenAi#refusedBaseUrl.)
  /** Reads the request, then closes the connection without answering. */
  RESET,
  /** Reads the request and never answers. */
  STALL_BEFORE_HEADERS,
  /** Streams the role chunk and some content, then goes silent without ending. */
  STALL_MID_STREAM,
  /** Sends part of the body (or part of an SSE event) and closes the connection. */
  CUT_MID_BODY,

  // Broken answers with status 200.
  /** A body (or stream chunk) that is not JSON. */
  MALFORMED_JSON,
  /** Streams content, then ends cleanly with neither a finish chunk nor {@code [DONE]}. */
  TRUNCATED_SSE,
  /** Streams only the role chunk, then ends cleanly. */
  TRUNCATED_SSE_BEFORE_CONTENT,
  /** In-band {@code data: {"error":...}} after the role chunk, before any content. */
  ERROR_EVENT_BEFORE_CONTENT,
  /** In-band {@code data: {"error":...}} after some content. */
  ERROR_EVENT_AFTER_CONTENT,

  // Error statuses, OpenAI envelope unless said otherwise.
  /** 429 rate_limit_exceeded with {@code retry-after: 2}. */
  RATE_LIMITED,
  /** 529 overloaded. */
  OVERLOADED,
  /** 500 server_error. */
  SERVER_ERROR,
  /** 503 service unavailable. */
  UNAVAILABLE,
  /** 401 invalid_api_key (the provider rejects the gateway's key). */
  BAD_KEY,
  /** 400 context_length_exceeded, param {@code messages}. */
  CONTEXT_LENGTH,
  /** 400 invalid_request_error, param {@code temperature}. */
  INVALID_REQUEST,
  /** 400 with Mistral's flat body {@code {"object":"error","message":...}}. */
  MISTRAL_FLAT_ERROR,

  // Framing quirks, combinable with a normal answer.
  /** SSE lines end with CRLF. */
  CRLF,
  /** A {@code : keep-alive} comment before every event (DeepSeek, OpenRouter). */
  KEEP_ALIVE_COMMENTS,
  /** Blank lines before a non-streaming JSON body (DeepSeek under load). */
  LEADING_BLANK_LINES,
  /** Azure's first chunk: empty {@code choices} with {@code prompt_filter_results}. */
  AZURE_PROMPT_FILTER,
  /** Embeddings: answer float lists even when {@code base64} was asked (Mistral, Gemini...). */
  FLOAT_EMBEDDINGS_ONLY,
  /** Each JSON event spread over two {@code data:} lines (legal SSE: they join with LF). */
  MULTI_LINE_DATA;

  /** Whether this entry only changes framing and still gives a normal answer. */
  public boolean isQuirk() {
    return ordinal() >= CRLF.ordinal();
  }
}
