package switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict parser accepts the format and refuses each kind of mistake (so it can fail). */
class PrometheusTextTest {

  @Test
  void parsesFamiliesLabelsEscapesAndHistograms() {
    Map<String, PrometheusText.Family> f =
        PrometheusText.parse(
            """
            # HELP a_total Things\\ncounted
            # TYPE a_total counter
            a_total{k="x\\"y\\\\z\\n",j="2",} 3
            a_total 1e3 1700000000000
            # TYPE h histogram
            h_bucket{le="0.1"} 1
            h_bucket{le="+Inf"} 2
            h_sum 0.6
            h_count 2
            g NaN
            """);
    assertThat(f.get("a_total").help()).isEqualTo("Things\ncounted");
    assertThat(f.get("a_total").samples().get(0).labels()).containsEntry("k", "x\"y\\z\n");
    assertThat(f.get("h").samples()).hasSize(4);
    assertThat(f.get("g").type()).isEqualTo("untyped");
  }

  @Test
  void refusesMalformedText() {
    for (String bad :
        new String[] {
          "1bad 1\n",
          "a{b=\"c} 1\n",
          "a{b=c} 1\n",
          "a{__b=\"c\"} 1\n",
          "a{b=\"\\x\"} 1\n",
          "a 1,5\n",
          "a  1\n",
          "a 1",
          "# TYPE a counter\n# TYPE a gauge\na 1\n",
          "a 1\n# TYPE a gauge\n",
          "# TYPE a wrong\na 1\n",
          "a 1\nb 1\na{x=\"1\"} 2\n",
          "a 1\na 2\n",
          "# TYPE c counter\nc -1\n",
          "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
          "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
          "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n",
        }) {
      assertThatThrownBy(() -> PrometheusText.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
