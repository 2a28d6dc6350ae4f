package switchboard.provider.simulated;

import io.vertx.core.Vertx;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When a simulator answers: the same rules for every dialect's simulator. */
final class SimTiming {

  /** A {@code -<N>ms} part of a model name sets its time to first token. */
  private static final Pattern LATENCY = Pattern.compile("(?:^|-)(\\d{1,6})ms(?:-|$)");

  private SimTiming() {}

  /**
   * The delay before the first token for {@code model}: {@code latency_ms}, ten times that for the
   * slow scenario, or the model name's own ({@code echo-300ms}: 300 ms).
   */
  static long firstTokenDelay(SimSettings settings, Scenario scenario, String model) {
    Matcher latency = LATENCY.matcher(model);
    if (latency.find()) {
      return Long.parseLong(latency.group(1));
    }
    return scenario == Scenario.SLOW
        ? settings.firstTokenMillis() * 10
        : settings.firstTokenMillis();
  }

  /** Runs {@code action} after {@code millis}, at once when there is no delay. */
  static void after(Vertx vertx, long millis, Runnable action) {
    if (millis <= 0) {
      action.run();
    } else {
      vertx.setTimer(millis, id -> action.run());
    }
  }
}
