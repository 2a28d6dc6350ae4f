package switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files cannot be built or applied here (no registry, no cluster), so they are
 * checked for what would break them: valid YAML, the resources a cluster needs, names and labels
 * that match each other, probes on the gateway's real health paths, and a non-root container.
 */
class DeploymentFilesTest {

  private static final Path DEPLOY = Path.of("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void everyKubernetesManifestIsValidAndTheSetIsComplete() throws IOException {
    Map<String, JsonNode> byKind = manifests();
    assertThat(byKind.keySet())
        .contains(
            "Deployment",
            "Service",
            "ConfigMap",
            "Secret",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget");
    for (JsonNode m : byKind.values()) {
      assertThat(m.path("apiVersion").asText()).as("apiVersion of %s", m.path("kind")).isNotEmpty();
      assertThat(m.path("metadata").path("name").asText()).isEqualTo("switchboard");
    }
  }

  @Test
  void selectorsTargetsAndReferencesMatch() throws IOException {
    Map<String, JsonNode> m = manifests();
    JsonNode deployment = m.get("Deployment");
    JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
    assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(podLabels);
    assertThat(m.get("Service").at("/spec/selector")).isEqualTo(podLabels);
    assertThat(m.get("PodDisruptionBudget").at("/spec/selector/matchLabels")).isEqualTo(podLabels);
    JsonNode target = m.get("HorizontalPodAutoscaler").at("/spec/scaleTargetRef");
    assertThat(target.path("kind").asText()).isEqualTo("Deployment");
    assertThat(target.path("name").asText()).isEqualTo("switchboard");

    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    List<String> refs =
        container.path("envFrom").findValues("name").stream().map(JsonNode::asText).toList();
    assertThat(refs).containsExactlyInAnyOrder("switchboard", "switchboard");
    assertThat(m.get("Secret").path("stringData").fieldNames())
        .toIterable()
        .contains("SWITCHBOARD_MASTER_KEY", "SWITCHBOARD_DATABASE_URL", "SWITCHBOARD_REDIS_URL");
    String configPath = container.at("/env/0/value").asText();
    assertThat(configPath).isEqualTo("/etc/switchboard/switchboard.yaml");
    assertThat(m.get("ConfigMap").at("/data/switchboard.yaml").isTextual()).isTrue();
  }

  @Test
  void podsProbeTheRealHealthPathsRunAsNonRootAndOutliveTheDrain() throws IOException {
    JsonNode spec = manifests().get("Deployment").at("/spec/template/spec");
    JsonNode c = spec.at("/containers/0");
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(spec.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(spec.at("/securityContext/runAsUser").asInt()).isPositive();
    int drain =
        Integer.parseInt(
            manifests().get("ConfigMap").at("/data/SWITCHBOARD_DRAIN_SECONDS").asText());
    assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(drain);
  }

  @Test
  void theImageIsMultiStageNonRootAndHealthChecked() throws IOException {
    String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertThat(dockerfile.lines().filter(l -> l.startsWith("FROM ")).count()).isEqualTo(2);
    assertThat(dockerfile)
        .contains("COPY --from=build")
        .contains("HEALTHCHECK")
        .contains("/health/ready");
    String user =
        dockerfile.lines().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user).doesNotContain("root").isNotEqualTo("USER 0");
    assertThat(dockerfile).contains("SWITCHBOARD_HOST=0.0.0.0");
  }

  @Test
  void theSystemdUnitRunsUnprivilegedAndWaitsForTheDrain() throws IOException {
    Map<String, String> unit = new HashMap<>();
    for (String line : Files.readAllLines(DEPLOY.resolve("systemd/switchboard.service"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        unit.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(unit).containsEntry("User", "switchboard").containsEntry("KillSignal", "SIGTERM");
    assertThat(unit.get("ExecStart")).contains("switchboard.jar serve");
    assertThat(Integer.parseInt(unit.get("TimeoutStopSec"))).isGreaterThan(30);
  }

  private static Map<String, JsonNode> manifests() throws IOException {
    Map<String, JsonNode> byKind = new HashMap<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs =
            YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            assertThat(byKind.put(doc.path("kind").asText(), doc))
                .as("one %s", doc.path("kind"))
                .isNull();
          }
        }
      }
    }
    return byKind;
  }
}
