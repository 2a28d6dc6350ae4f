package switchboard.http;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import switchboard.access.Budget;
import switchboard.access.BudgetStatus;
import switchboard.access.GatewayKey;
import switchboard.access.Governor;
import switchboard.access.KeyRing;

/**
 * Budget use as Prometheus gauges, read at scrape time: each budget's limit, settled spend, held
 * reservations and used ratio, one series per budget ({@code scope="key"} with the key's id, or
 * {@code scope="team"} with the team's tag). Keys and budgets change at run time and the balances
 * may live in Redis, so these are gathered per scrape instead of registered once.
 */
final class BudgetGauges {

  private BudgetGauges() {}

  /** The gauges' exposition text (empty when no budget is set). */
  static Future<String> render(KeyRing keys, Governor governor) {
    if (keys == null || governor == null) {
      return Future.succeededFuture("");
    }
    List<Future<BudgetStatus>> statuses = new ArrayList<>();
    for (GatewayKey key : keys.all()) {
      Budget budget = key.spec().budget();
      if (budget != null && !key.revoked()) {
        statuses.add(governor.status("key:" + key.id(), key.id(), budget));
      }
    }
    for (Map.Entry<String, Budget> team : governor.teamBudgets().entrySet()) {
      statuses.add(governor.status("team:" + team.getKey(), team.getKey(), team.getValue()));
    }
    if (statuses.isEmpty()) {
      return Future.succeededFuture("");
    }
    return Future.all(statuses).map(all -> text(all.list()));
  }

  private static String text(List<BudgetStatus> statuses) {
    StringBuilder out = new StringBuilder(256 * statuses.size());
    family(out, "switchboard_budget_limit_usd", "Budget limit in USD per period", statuses, 0);
    family(out, "switchboard_budget_spent_usd", "Settled spend this period in USD", statuses, 1);
    family(out, "switchboard_budget_reserved_usd", "Spend held by requests in flight", statuses, 2);
    family(out, "switchboard_budget_used_ratio", "Settled spend over the limit", statuses, 3);
    return out.toString();
  }

  private static void family(
      StringBuilder out, String name, String help, List<BudgetStatus> statuses, int which) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    for (BudgetStatus s : statuses) {
      double limit = s.budget().limitUsd();
      double value =
          switch (which) {
            case 0 -> limit;
            case 1 -> s.spentUsd();
            case 2 -> s.reservedUsd();
            default -> limit == 0 ? 0 : s.spentUsd() / limit;
          };
      String scope = s.scope().substring(0, s.scope().indexOf(':'));
      out.append(name).append("{scope=\"").append(scope).append("\",id=\"");
      escape(out, s.name());
      out.append("\",period=\"").append(s.budget().period().label()).append("\"} ");
      out.append(value).append('\n');
    }
  }

  /** A label value per the exposition format: backslash, double quote and line feed escaped. */
  private static void escape(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }
}
