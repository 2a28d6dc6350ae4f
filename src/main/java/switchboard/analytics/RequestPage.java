package switchboard.analytics;

import java.util.List;

/** A page of the request log, newest first; {@code next} is null on the last page. */
public record RequestPage(List<RequestView> data, RequestCursor next) {}
