package switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes two requests the same answer, and what never does. */
class RequestKeyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String key(String body) {
    try {
      return RequestKey.of(
          "key:k1", "openai/gpt-5", List.of(), (ObjectNode) JSON.readTree(body.replace('\'', '"')));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final String BASE =
      "{'messages':[{'role':'user','content':'Hi'}],'temperature':0.7,'max_tokens':100}";

  @Test
  void orderStreamingAndBookkeepingDoNotMatter() {
    String k = key(BASE);
    assertThat(
            key(
                "{'max_tokens':100,'temperature':0.70,'messages':[{'content':'Hi','role':'user'}]}"))
        .isEqualTo(k);
    assertThat(
            key(
                "{'messages':[{'role':'user','content':[{'type':'text','text':'Hi'}]}],"
                    + "'temperature':0.7,'max_tokens':100.0,'stream':true,"
                    + "'stream_options':{'include_usage':true},'user':'u1','metadata':{'a':'b'}}"))
        .isEqualTo(k);
  }

  @Test
  void everythingThatCanChangeTheAnswerDoes() {
    String k = key(BASE);
    for (String other :
        List.of(
            BASE.replace("Hi", "Hello"),
            BASE.replace("0.7", "0.8"),
            BASE.replace("100", "101"),
            BASE.replace("}],", "}],'tools':[{'type':'function','function':{'name':'f'}}],"),
            BASE.replace("}],", "}],'response_format':{'type':'json_object'},"),
            BASE.replace("}],", "}],'seed':7,"),
            BASE.replace("}],", "}],'some_new_parameter':true,"))) {
      assertThat(key(other)).as(other).isNotEqualTo(k);
    }
    ObjectNode body;
    try {
      body = (ObjectNode) JSON.readTree(BASE.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(RequestKey.of("key:k1", "anthropic/claude-sonnet-4-5", List.of(), body))
        .isNotEqualTo(k);
    assertThat(RequestKey.of("key:k1", "openai/gpt-5", List.of("openai/gpt-5-mini"), body))
        .isNotEqualTo(k);
  }
}
