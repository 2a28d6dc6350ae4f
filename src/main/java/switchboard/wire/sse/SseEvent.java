package switchboard.wire.sse;

/** One dispatched Server-Sent Event: its name (null when none was given) and its data. */
public record SseEvent(String event, String data) {}
