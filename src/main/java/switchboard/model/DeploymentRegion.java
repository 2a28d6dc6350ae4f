package switchboard.model;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a deployment serves, as a data-residency region ({@code eu}, {@code us}, {@code ap}, …):
 * the entry's explicit {@code region}, else what its cloud's own region or location says (Bedrock's
 * AWS region, an Azure location, a Google Cloud location), else what its endpoint's host says. Null
 * when nothing says: such a deployment never matches a region requirement, so an unknown place is
 * never mistaken for an allowed one. The regions are the clouds' geographies: {@code eu} is Europe
 * as AWS ({@code eu-*}), Google ({@code europe-*}) and Azure (its European locations) name it.
 */
public final class DeploymentRegion {

  /** What a region code may look like ({@code eu}, {@code us}, {@code eu-sovereign}). */
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private static final Pattern AWS = Pattern.compile("([a-z]{2})(-gov|-iso[a-z]*)?-[a-z]+-\\d+");

  private static final Pattern GOOGLE =
      Pattern.compile("(europe|us|northamerica|southamerica|asia|australia|me|africa)-[a-z]+\\d+");

  /** The vendors' regional endpoints, by vendor and region: picked when no base URL is given. */
  private static final Map<String, Map<String, String>> PRESETS =
      Map.of("openai", Map.of("eu", "https://eu.api.openai.com/v1"));

  /** Hosts whose API serves from one region whatever the caller's location. */
  private static final Map<String, String> HOSTS =
      Map.of("api.mistral.ai", "eu", "eu.api.openai.com", "eu");

  private static final Map<String, String> AZURE = azure();

  private DeploymentRegion() {}

  /**
   * The region of a provider's deployments given as {@code given} (its {@code region} setting,
   * nullable) whose endpoint is {@code baseUrl} (the URL in force, the vendor's default when none
   * was given), or null when unknown.
   */
  public static String of(String given, String baseUrl) {
    if (given != null && !given.isBlank()) {
      return normalise(given);
    }
    return fromHost(baseUrl);
  }

  /**
   * The region for one model of a deployment in {@code region}. Bedrock's cross-region inference
   * profiles route by their prefix, not by the endpoint's region: {@code eu.} stays in Europe,
   * {@code us.} in the US, and {@code global.} may go anywhere (so it has no region).
   */
  public static String forModel(String vendor, String region, String model) {
    if (!"bedrock".equals(vendor) || model == null) {
      return region;
    }
    int dot = model.indexOf('.');
    String prefix = dot < 0 ? "" : model.substring(0, dot);
    return switch (prefix) {
      case "eu" -> "eu";
      case "us", "us-gov" -> "us";
      case "apac", "jp", "au" -> "ap";
      case "ca" -> "ca";
      case "global" -> null;
      default -> region;
    };
  }

  /**
   * A region as given: a cloud region or location ({@code eu-central-1}, {@code westeurope}, {@code
   * europe-west4}) becomes its geography, anything else is taken as a region code, lower-cased.
   */
  public static String normalise(String given) {
    String v = given.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher aws = AWS.matcher(v);
    if (aws.matches()) {
      return aws.group(1);
    }
    Matcher google = GOOGLE.matcher(v);
    if (google.matches()) {
      return google(google.group(1), v);
    }
    String azure = AZURE.get(v);
    return azure != null ? azure : v;
  }

  /** Whether {@code given} can be a region (a code or a cloud location name). */
  public static boolean valid(String given) {
    return given != null && CODE.matcher(given.trim().toLowerCase(Locale.ROOT)).matches();
  }

  /** The vendor's endpoint for {@code region} when it has a regional one, else null. */
  public static String presetBaseUrl(String vendor, String region) {
    return region == null ? null : PRESETS.getOrDefault(vendor, Map.of()).get(normalise(region));
  }

  /**
   * What an endpoint's host says: {@code bedrock-runtime.<aws region>.amazonaws.com}, {@code
   * <location>-aiplatform.googleapis.com} (Vertex AI), {@code
   * <location>.api.cognitive.microsoft.com} (Azure's regional endpoints), and the fixed hosts.
   */
  static String fromHost(String baseUrl) {
    String host;
    try {
      host = baseUrl == null ? null : URI.create(baseUrl.trim()).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (host == null) {
      return null;
    }
    host = host.toLowerCase(Locale.ROOT);
    String fixed = HOSTS.get(host);
    if (fixed != null) {
      return fixed;
    }
    String[] labels = host.split("\\.");
    if (host.endsWith(".amazonaws.com") && labels.length >= 4) {
      Matcher aws = AWS.matcher(labels[labels.length - 3]);
      return aws.matches() ? aws.group(1) : null;
    }
    if (host.endsWith("-aiplatform.googleapis.com")) {
      String location = labels[0].substring(0, labels[0].length() - "-aiplatform".length());
      Matcher google = GOOGLE.matcher(location);
      return google.matches() ? google(google.group(1), location) : null;
    }
    if (host.endsWith(".api.cognitive.microsoft.com")) {
      return AZURE.get(labels[0]);
    }
    return null;
  }

  private static String google(String area, String location) {
    return switch (area) {
      case "europe" -> "eu";
      case "us" -> "us";
      case "northamerica" -> location.startsWith("northamerica-south") ? "mx" : "ca";
      case "southamerica" -> "sa";
      case "asia", "australia" -> "ap";
      case "me" -> location.startsWith("me-west") ? "il" : "me";
      default -> "af";
    };
  }

  /** Azure's locations by geography, in the same codes as AWS's region prefixes. */
  private static Map<String, String> azure() {
    Map<String, List<String>> byRegion =
        Map.of(
            "eu",
            List.of(
                "westeurope",
                "northeurope",
                "swedencentral",
                "swedensouth",
                "francecentral",
                "francesouth",
                "germanywestcentral",
                "germanynorth",
                "italynorth",
                "polandcentral",
                "spaincentral",
                "austriaeast",
                "belgiumcentral",
                "denmarkeast",
                "finlandcentral",
                "greececentral",
                "norwayeast",
                "norwaywest",
                "switzerlandnorth",
                "switzerlandwest",
                "uksouth",
                "ukwest"),
            "us",
            List.of(
                "eastus",
                "eastus2",
                "westus",
                "westus2",
                "westus3",
                "centralus",
                "northcentralus",
                "southcentralus",
                "westcentralus",
                "usgovvirginia",
                "usgovarizona",
                "usgovtexas"),
            "ca",
            List.of("canadacentral", "canadaeast"),
            "sa",
            List.of("brazilsouth", "brazilsoutheast", "chilecentral"),
            "mx",
            List.of("mexicocentral"),
            "ap",
            List.of(
                "australiaeast",
                "australiasoutheast",
                "australiacentral",
                "japaneast",
                "japanwest",
                "koreacentral",
                "koreasouth",
                "southeastasia",
                "eastasia",
                "centralindia",
                "southindia",
                "westindia",
                "jioindiawest",
                "indonesiacentral",
                "malaysiawest",
                "newzealandnorth"),
            "me",
            List.of("uaenorth", "uaecentral", "qatarcentral"),
            "il",
            List.of("israelcentral"),
            "af",
            List.of("southafricanorth", "southafricawest"));
    Map<String, String> out = new HashMap<>();
    byRegion.forEach((region, locations) -> locations.forEach(l -> out.put(l, region)));
    return Map.copyOf(out);
  }
}
