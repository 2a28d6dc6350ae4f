package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /admin/v1/openapi.json} describes every registered admin route with its schemas: a route
 * added without its operation in {@code src/main/resources/admin/openapi.yaml} fails here, and so
 * does an operation written there for a route that does not exist.
 */
class AdminOpenApiIT {

  static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

  @TempDir static Path data;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(data, Map.of());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndEveryDocumentedOneIsRegistered() throws Exception {
    HttpResponse<String> r = gw.get("/admin/v1/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode served = GatewayFixture.json(r.body());
    assertThat(served.path("openapi").asText()).startsWith("3.");

    List<String> undocumented = new ArrayList<>();
    operations(served)
        .forEach(
            op -> {
              if (served.at(pointer(op)).path("x-undocumented").asBoolean()) {
                undocumented.add(op);
              }
            });
    assertThat(undocumented)
        .as("admin routes registered without their operation in admin/openapi.yaml")
        .isEmpty();
    assertThat(operations(served))
        .as("operations in admin/openapi.yaml whose route is not registered")
        .isEqualTo(operations(written()));
  }

  @Test
  void everyOperationHasAnswersWithSchemasAndEveryReferenceResolves() {
    JsonNode doc = GatewayFixture.json(gw.get("/admin/v1/openapi.json").body());
    for (String op : operations(doc)) {
      JsonNode operation = doc.at(pointer(op));
      assertThat(operation.path("summary").asText()).as(op).isNotBlank();
      JsonNode responses = operation.path("responses");
      assertThat(responses.has("default")).as(op + " documents its errors").isTrue();
      boolean success = false;
      for (String status : List.of("200", "201", "204")) {
        JsonNode answer = responses.path(status);
        if (!answer.isMissingNode()) {
          success = true;
          if (!status.equals("204")) {
            assertThat(answer.path("content").findValues("schema"))
                .as(op + " " + status)
                .isNotEmpty();
          }
        }
      }
      assertThat(success).as(op + " documents its success").isTrue();
      if (op.startsWith("put ") || op.startsWith("patch ")) {
        assertThat(operation.path("requestBody").path("content").findValues("schema"))
            .as(op + " documents its body")
            .isNotEmpty();
      }
    }
    List<String> dangling = new ArrayList<>();
    for (JsonNode ref : doc.findValues("$ref")) {
      String target = ref.asText();
      if (!target.startsWith("#/") || doc.at(target.substring(1)).isMissingNode()) {
        dangling.add(target);
      }
    }
    assertThat(dangling).as("references that resolve to nothing").isEmpty();
  }

  @Test
  void docsAdminApiListsEveryOperation() throws Exception {
    String docs = Files.readString(Path.of("docs/admin-api.md"));
    List<String> missing = new ArrayList<>();
    for (String op : operations(written())) {
      String[] parts = op.split(" ", 2);
      String line = "`" + parts[0].toUpperCase() + " /admin/v1" + parts[1] + "`";
      if (!docs.contains(line)) {
        missing.add(line);
      }
    }
    assertThat(missing).as("operations missing from docs/admin-api.md").isEmpty();
  }

  private static JsonNode written() throws Exception {
    try (InputStream in = AdminOpenApiIT.class.getResourceAsStream("/admin/openapi.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static Set<String> operations(JsonNode doc) {
    Set<String> out = new TreeSet<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m -> {
                          if (METHODS.contains(m)) {
                            out.add(m + " " + p.getKey());
                          }
                        }));
    return out;
  }

  private static String pointer(String op) {
    String[] parts = op.split(" ", 2);
    return "/paths/" + parts[1].replace("~", "~0").replace("/", "~1") + "/" + parts[0];
  }
}
