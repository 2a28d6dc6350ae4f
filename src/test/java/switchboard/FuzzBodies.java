package switchboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Bad request bodies for the inbound endpoints, generated from a seed: each case is a pure function
 * of (seed, endpoint, index), so one case reruns alone ({@code -Dfuzz.case=chat#17}) without the
 * ones before it. A case starts from a valid body of its endpoint and breaks it one way (its kind);
 * some breaks leave it valid (a wrong type the reader ignores), which is fine: those may succeed.
 */
final class FuzzBodies {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Marks where raw bytes go: the tree is written with it, then the bytes replace it. */
  private static final String HOLE = "@@fuzz-hole@@";

  enum Endpoint {
    CHAT(
        "chat",
        "/v1/chat/completions",
        false,
        """
        {"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},\
        {"role":"user","content":[{"type":"text","text":"hi"}]}],"max_tokens":16,\
        "temperature":0.5,"stream":false,"tools":[{"type":"function","function":\
        {"name":"get_weather","parameters":{"type":"object","properties":\
        {"city":{"type":"string"}}}}}],"switchboard":{"tags":["fuzz"]}}"""),
    MESSAGES(
        "messages",
        "/v1/messages",
        true,
        """
        {"model":"anthropic/claude-3-5-haiku-latest","max_tokens":16,"system":"Be brief.",\
        "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],\
        "tools":[{"name":"get_weather","input_schema":{"type":"object",\
        "properties":{"city":{"type":"string"}}}}],"temperature":0.5}"""),
    COUNT_TOKENS(
        "count_tokens",
        "/v1/messages/count_tokens",
        true,
        """
        {"model":"anthropic/claude-3-5-haiku-latest","system":"Be brief.",\
        "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],\
        "tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}"""),
    RESPONSES(
        "responses",
        "/v1/responses",
        false,
        """
        {"model":"deepseek/deepseek-chat","instructions":"Be brief.",\
        "input":[{"role":"user","content":"hi"}],"max_output_tokens":16,"store":false,\
        "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}]}"""),
    EMBEDDINGS(
        "embeddings",
        "/v1/embeddings",
        false,
        """
        {"model":"openai/text-embedding-3-small","input":["hello","world"],\
        "encoding_format":"float"}""");

    final String id;
    final String path;
    final boolean anthropic;
    final String valid;

    Endpoint(String id, String path, boolean anthropic, String valid) {
      this.id = id;
      this.path = path;
      this.anthropic = anthropic;
      this.valid = valid;
    }

    static Endpoint of(String id) {
      for (Endpoint e : values()) {
        if (e.id.equals(id)) {
          return e;
        }
      }
      throw new IllegalArgumentException("no endpoint '" + id + "'");
    }
  }

  /** What a case breaks; {@code mustFail} kinds can never be a valid request. */
  enum Kind {
    MALFORMED(false),
    WRONG_TYPE(false),
    OUT_OF_RANGE(false),
    DEEP_NESTING(true),
    INVALID_UTF8(true),
    LONE_SURROGATE(true),
    NUL_BYTES(false),
    NOT_AN_OBJECT(true),
    CONTENT_TYPE(true),
    TRAILING(true),
    MANY_MESSAGES(false),
    RANDOM_BYTES(true);

    final boolean mustFail;

    Kind(boolean mustFail) {
      this.mustFail = mustFail;
    }
  }

  /** One request: its name ({@code chat#17}), what it breaks and how, its bytes. */
  record Case(
      Endpoint endpoint, int index, Kind kind, String how, String contentType, byte[] body) {

    String name() {
      return endpoint.id + "#" + index;
    }

    /** The case in a failure message: name, kind, how, and the body's head. */
    String describe(long seed) {
      String text = new String(body, StandardCharsets.UTF_8);
      String head =
          text.length() > 300 ? text.substring(0, 300) + "…(" + body.length + " bytes)" : text;
      return name()
          + " (kind "
          + kind
          + ", "
          + how
          + ", content-type "
          + contentType
          + "; rerun with -Dfuzz.seed="
          + seed
          + " -Dfuzz.case="
          + name()
          + "): "
          + head;
    }
  }

  private FuzzBodies() {}

  /** Control characters and undecodable bytes shown as escapes, so a failure stays on one line. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.chars()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || c == 0xfffd || Character.isSurrogate((char) c)) {
                out.append(String.format("<%04X>", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }

  /** The case {@code index} of {@code endpoint} under {@code seed}. */
  static Case generate(long seed, Endpoint endpoint, int index) {
    Random random = new Random(seed * 1_000_003L + endpoint.ordinal() * 7_919L + index);
    Kind kind = Kind.values()[index % Kind.values().length];
    ObjectNode valid = parse(endpoint.valid);
    String json = "application/json";
    return switch (kind) {
      case MALFORMED -> malformed(endpoint, index, random);
      case WRONG_TYPE -> wrongType(endpoint, index, random, valid);
      case OUT_OF_RANGE -> outOfRange(endpoint, index, random, valid);
      case DEEP_NESTING -> deep(endpoint, index, random, valid);
      case INVALID_UTF8 -> invalidUtf8(endpoint, index, random, valid);
      case LONE_SURROGATE -> loneSurrogate(endpoint, index, random, valid);
      case NUL_BYTES -> nul(endpoint, index, random, valid);
      case NOT_AN_OBJECT -> {
        String[] bodies = {"", "   \r\n\t ", "null", "[]", "\"text\"", "42", "true", "[{}]"};
        String body = bodies[random.nextInt(bodies.length)];
        yield new Case(endpoint, index, kind, "body " + quote(body), json, bytes(body));
      }
      case CONTENT_TYPE -> {
        String[] types = {
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "text/html; charset=utf-8"
        };
        String type = types[random.nextInt(types.length)];
        yield new Case(
            endpoint, index, kind, "a valid body as " + type, type, bytes(endpoint.valid));
      }
      case TRAILING -> {
        String[] tails = {
          "{}", " x", "]", "}", "\"a\"", "1", " {\"model\":1}", "//c", "/* c */", ","
        };
        String tail = tails[random.nextInt(tails.length)];
        yield new Case(
            endpoint, index, kind, "trailing " + quote(tail), json, bytes(endpoint.valid + tail));
      }
      case MANY_MESSAGES -> many(endpoint, index, random, valid);
      case RANDOM_BYTES -> {
        byte[] body = new byte[1 + random.nextInt(2048)];
        random.nextBytes(body);
        body[0] = (byte) "{[\"x\u0000\u00ff".charAt(random.nextInt(6));
        yield new Case(endpoint, index, kind, body.length + " random bytes", json, body);
      }
    };
  }

  /** The valid body cut, or with one character deleted, doubled or replaced. */
  private static Case malformed(Endpoint endpoint, int index, Random random) {
    String valid = endpoint.valid;
    int at = 1 + random.nextInt(valid.length() - 2);
    String punct = "{}[]:,\"\\'`";
    char c = punct.charAt(random.nextInt(punct.length()));
    return switch (random.nextInt(4)) {
      case 0 ->
          new Case(
              endpoint,
              index,
              Kind.MALFORMED,
              "cut at " + at,
              "application/json",
              bytes(valid.substring(0, at)));
      case 1 ->
          new Case(
              endpoint,
              index,
              Kind.MALFORMED,
              "deleted char " + at,
              "application/json",
              bytes(valid.substring(0, at) + valid.substring(at + 1)));
      case 2 ->
          new Case(
              endpoint,
              index,
              Kind.MALFORMED,
              "inserted " + quote("" + c) + " at " + at,
              "application/json",
              bytes(valid.substring(0, at) + c + valid.substring(at)));
      default ->
          new Case(
              endpoint,
              index,
              Kind.MALFORMED,
              "replaced char " + at + " with " + quote("" + c),
              "application/json",
              bytes(valid.substring(0, at) + c + valid.substring(at + 1)));
    };
  }

  /** One to three values anywhere in the tree replaced by a value of another type. */
  private static Case wrongType(Endpoint endpoint, int index, Random random, ObjectNode body) {
    List<String> hows = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      Slot slot = pick(body, random);
      JsonNode value = randomValue(random);
      hows.add(slot.path + " = " + value);
      slot.set(value);
    }
    return new Case(
        endpoint,
        index,
        Kind.WRONG_TYPE,
        String.join("; ", hows),
        "application/json",
        bytes(body.toString()));
  }

  /** A value replaced by a number JSON allows but no field does (or one over Jackson's limits). */
  private static Case outOfRange(Endpoint endpoint, int index, Random random, ObjectNode body) {
    String[] numbers = {
      "1e400",
      "-1e400",
      "1e-400",
      "-0",
      "9223372036854775808",
      "-9223372036854775809",
      "99999999999999999999999999999999",
      "-1",
      "0",
      "0.5",
      "2147483648",
      "1.7976931348623157e309",
      "1" + "0".repeat(1200),
      "0." + "0".repeat(1200) + "1"
    };
    String number = numbers[random.nextInt(numbers.length)];
    Slot slot = pick(body, random);
    slot.set(NODES.textNode(HOLE));
    return new Case(
        endpoint,
        index,
        Kind.OUT_OF_RANGE,
        slot.path + " = " + abbreviate(number),
        "application/json",
        fill(body, bytes(number)));
  }

  /** Arrays or objects nested tens of thousands deep, closed or not, as a field or the body. */
  private static Case deep(Endpoint endpoint, int index, Random random, ObjectNode body) {
    int depth = 10_000 + random.nextInt(40_000);
    boolean objects = random.nextBoolean();
    boolean closed = random.nextInt(4) != 0;
    String open = objects ? "{\"a\":" : "[";
    String close = objects ? "}" : "]";
    StringBuilder nested = new StringBuilder(depth * 6);
    nested.append(open.repeat(depth)).append("1");
    if (closed) {
      nested.append(close.repeat(depth));
    }
    String how = depth + (objects ? " objects" : " arrays") + (closed ? "" : ", unclosed");
    if (random.nextInt(3) == 0) {
      return new Case(
          endpoint,
          index,
          Kind.DEEP_NESTING,
          how + " as the body",
          "application/json",
          bytes(nested.toString()));
    }
    Slot slot = pick(body, random);
    slot.set(NODES.textNode(HOLE));
    return new Case(
        endpoint,
        index,
        Kind.DEEP_NESTING,
        how + " at " + slot.path,
        "application/json",
        fill(body, bytes(nested.toString())));
  }

  /** Bytes that are not UTF-8 inside a string, a field name, or between tokens. */
  private static Case invalidUtf8(Endpoint endpoint, int index, Random random, ObjectNode body) {
    byte[][] bad = {
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate (CESU-8)
      {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}, // a pair
      {(byte) 0xFF},
      {(byte) 0xFE},
      {(byte) 0xC0, (byte) 0x80}, // overlong NUL
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
      {(byte) 0xC3}, // truncated
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0x80}
    };
    byte[] bytes = bad[random.nextInt(bad.length)];
    Slot slot = pickString(body, random);
    String where = slot.path;
    int mode = random.nextInt(3);
    if (mode == 0) {
      slot.set(NODES.textNode("x" + HOLE + "y"));
      return new Case(
          endpoint,
          index,
          Kind.INVALID_UTF8,
          hex(bytes) + " in " + where,
          "application/json",
          fillInside(body, bytes));
    }
    if (mode == 1) {
      body.put(HOLE, 1);
      return new Case(
          endpoint,
          index,
          Kind.INVALID_UTF8,
          hex(bytes) + " in a field name",
          "application/json",
          fillInside(body, bytes));
    }
    slot.set(NODES.textNode(HOLE));
    return new Case(
        endpoint,
        index,
        Kind.INVALID_UTF8,
        hex(bytes) + " as the value of " + where,
        "application/json",
        fill(body, bytes));
  }

  /**
   * A surrogate escaped in JSON (U+D800 to U+DFFF as a backslash-u escape) with no partner: valid
   * JSON, not Unicode.
   */
  private static Case loneSurrogate(Endpoint endpoint, int index, Random random, ObjectNode body) {
    String[] escapes = {"\\ud800", "\\udc00", "\\udbff\\u0041", "\\ude00\\ud83d", "a\\ud83d"};
    String escape = escapes[random.nextInt(escapes.length)];
    Slot slot = pickString(body, random);
    slot.set(NODES.textNode("x" + HOLE));
    return new Case(
        endpoint,
        index,
        Kind.LONE_SURROGATE,
        escape + " in " + slot.path,
        "application/json",
        fillInside(body, bytes(escape)));
  }

  /**
   * NUL as a raw byte (in a string or between tokens) or escaped (the JSON escape for U+0000,
   * valid).
   */
  private static Case nul(Endpoint endpoint, int index, Random random, ObjectNode body) {
    Slot slot = pickString(body, random);
    return switch (random.nextInt(3)) {
      case 0 -> {
        slot.set(NODES.textNode("a" + HOLE + "b"));
        yield new Case(
            endpoint,
            index,
            Kind.NUL_BYTES,
            "raw NUL in " + slot.path,
            "application/json",
            fillInside(body, new byte[] {0}));
      }
      case 1 -> {
        byte[] text = bytes(endpoint.valid);
        byte[] out = new byte[text.length + 1];
        System.arraycopy(text, 0, out, 1, text.length);
        yield new Case(
            endpoint, index, Kind.NUL_BYTES, "raw NUL before the body", "application/json", out);
      }
      default -> {
        slot.set(NODES.textNode("a\u0000b"));
        yield new Case(
            endpoint,
            index,
            Kind.NUL_BYTES,
            "escaped NUL in " + slot.path,
            "application/json",
            bytes(body.toString()));
      }
    };
  }

  /** Thousands of messages (or inputs): valid, and must be answered as promptly as a short one. */
  private static Case many(Endpoint endpoint, int index, Random random, ObjectNode body) {
    int count = 1_000 + random.nextInt(3_000);
    String field =
        switch (endpoint) {
          case RESPONSES -> "input";
          case EMBEDDINGS -> "input";
          default -> "messages";
        };
    ArrayNode items = body.putArray(field);
    for (int i = 0; i < count; i++) {
      if (endpoint == Endpoint.EMBEDDINGS) {
        items.add("line " + i);
      } else {
        boolean user = i % 2 == 0 || i == count - 1;
        items
            .addObject()
            .put("role", user ? "user" : "assistant")
            .put("content", (user ? "question " : "answer ") + i);
      }
    }
    if (endpoint != Endpoint.EMBEDDINGS && count % 2 == 0) {
      ((ObjectNode) items.get(count - 1)).put("role", "user");
    }
    return new Case(
        endpoint,
        index,
        Kind.MANY_MESSAGES,
        count + " items in " + field,
        "application/json",
        bytes(body.toString()));
  }

  /** A place in the tree that can take a new value: an object's field or an array's element. */
  private record Slot(JsonNode parent, String field, int element, String path) {
    void set(JsonNode value) {
      if (parent instanceof ObjectNode object) {
        object.set(field, value);
      } else {
        ((ArrayNode) parent).set(element, value);
      }
    }
  }

  private static Slot pick(ObjectNode body, Random random) {
    List<Slot> slots = new ArrayList<>();
    collect(body, "", slots, false);
    return slots.get(random.nextInt(slots.size()));
  }

  private static Slot pickString(ObjectNode body, Random random) {
    List<Slot> slots = new ArrayList<>();
    collect(body, "", slots, true);
    return slots.get(random.nextInt(slots.size()));
  }

  private static void collect(JsonNode node, String path, List<Slot> out, boolean strings) {
    if (node instanceof ObjectNode object) {
      object
          .fields()
          .forEachRemaining(
              e -> {
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!strings || e.getValue().isTextual()) {
                  out.add(new Slot(object, e.getKey(), -1, p));
                }
                collect(e.getValue(), p, out, strings);
              });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String p = path + "[" + i + "]";
        if (!strings || array.get(i).isTextual()) {
          out.add(new Slot(array, null, i, p));
        }
        collect(array.get(i), p, out, strings);
      }
    }
  }

  private static JsonNode randomValue(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt(2000) - 1000);
      case 3 -> NODES.numberNode(random.nextDouble() * 1e6);
      case 4 -> NODES.textNode("");
      case 5 -> NODES.textNode("x".repeat(random.nextInt(50)));
      case 6 -> NODES.arrayNode();
      case 7 -> NODES.arrayNode().add(1).add("two").addNull();
      case 8 -> NODES.objectNode();
      default -> NODES.objectNode().put("type", "nonsense").put("text", 3);
    };
  }

  /** The tree written as JSON with the string {@code "HOLE"} (quotes included) replaced. */
  private static byte[] fill(ObjectNode body, byte[] raw) {
    return replace(bytes(body.toString()), bytes("\"" + HOLE + "\""), raw);
  }

  /** The tree written as JSON with {@code HOLE} inside a string replaced. */
  private static byte[] fillInside(ObjectNode body, byte[] raw) {
    return replace(bytes(body.toString()), bytes(HOLE), raw);
  }

  private static byte[] replace(byte[] text, byte[] hole, byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + raw.length);
    for (int i = 0; i < text.length; i++) {
      if (matches(text, i, hole)) {
        out.write(raw, 0, raw.length);
        i += hole.length - 1;
      } else {
        out.write(text[i]);
      }
    }
    return out.toByteArray();
  }

  private static boolean matches(byte[] text, int at, byte[] hole) {
    if (at + hole.length > text.length) {
      return false;
    }
    for (int j = 0; j < hole.length; j++) {
      if (text[at + j] != hole[j]) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(out.isEmpty() ? "" : " ").append(String.format("%02X", b & 0xff));
    }
    return out.toString();
  }

  private static String quote(String text) {
    return "'" + text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 20) + "…(" + text.length() + " chars)" : text;
  }
}
