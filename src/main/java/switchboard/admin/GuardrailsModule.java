package switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import switchboard.guard.Guardrails;
import switchboard.guard.injection.InjectionVerdict;
import switchboard.guard.pii.PiiFinding;
import switchboard.pipeline.GatewayException;

/**
 * {@code POST /admin/v1/guardrails/check} (SPEC §4): what the guardrails find in a text. Every
 * detector runs whatever modes are configured (a mode decides what is done with a finding, not what
 * is found), with the configured injection threshold. The values found are returned to the master
 * key's holder who sent them, and never logged.
 */
public final class GuardrailsModule implements AdminModule {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Guardrails guardrails;
  private final java.util.function.DoubleSupplier threshold;

  /** {@code threshold}: the injection threshold in force (the settings, read per check). */
  public GuardrailsModule(Guardrails guardrails, java.util.function.DoubleSupplier threshold) {
    this.guardrails = guardrails;
    this.threshold = threshold;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.POST,
        "/guardrails/check",
        "What the PII and prompt-injection guardrails find in a text",
        ctx -> AdminReplies.json(ctx, 200, check(text(ctx))));
  }

  ObjectNode check(String text) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode pii = out.putArray("pii");
    for (PiiFinding f : guardrails.scanner().scan(text)) {
      pii.addObject()
          .put("type", f.type().name())
          .put("start", f.start())
          .put("end", f.end())
          .put("text", f.text());
    }
    InjectionVerdict v = guardrails.detector().check(text, threshold.getAsDouble());
    ObjectNode injection = out.putObject("injection");
    injection.put("score", Math.round(v.score() * 1000) / 1000.0);
    injection.put("flagged", v.flagged());
    injection.put("threshold", v.threshold());
    ArrayNode signals = injection.putArray("signals");
    v.signals().forEach(signals::add);
    return out;
  }

  private static String text(RoutingContext ctx) {
    JsonNode body;
    try {
      body = ctx.body().buffer() == null ? null : JSON.readTree(ctx.body().buffer().getBytes());
    } catch (java.io.IOException e) {
      body = null;
    }
    if (body == null || !body.path("text").isTextual()) {
      throw GatewayException.invalid(
          "text", "The body must be a JSON object with a string 'text'.");
    }
    return body.get("text").textValue();
  }
}
