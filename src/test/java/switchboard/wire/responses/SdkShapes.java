package switchboard.wire.responses;

import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * Reads JSON with the official OpenAI Java SDK's own models and validates it: what the SDK's
 * Responses client would accept, every required field present and typed.
 */
final class SdkShapes {

  private SdkShapes() {}

  static Response response(String json) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, Response.class).validate();
    } catch (java.io.IOException e) {
      throw new AssertionError("not a Responses object: " + json, e);
    }
  }

  static ResponseStreamEvent event(String json) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, ResponseStreamEvent.class).validate();
    } catch (java.io.IOException e) {
      throw new AssertionError("not a Responses stream event: " + json, e);
    }
  }
}
