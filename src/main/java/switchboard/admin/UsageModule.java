package switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import switchboard.access.Budget;
import switchboard.access.BudgetPeriod;
import switchboard.access.BudgetStatus;
import switchboard.access.GatewayKey;
import switchboard.access.Governor;
import switchboard.access.KeyService;
import switchboard.access.Ledger;
import switchboard.access.Notification;
import switchboard.access.UsageQuery;
import switchboard.access.UsageRow;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;

/**
 * Spend and usage from the cost ledger: {@code /usage} grouped by key, team, model, provider or
 * day; each budget's period spend against its limit; the budget alerts fired.
 */
public final class UsageModule implements AdminModule {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Ledger ledger;
  private final Governor governor;
  private final KeyService keys;
  private final Clock clock;

  public UsageModule(Ledger ledger, Governor governor, KeyService keys, Clock clock) {
    this.ledger = ledger;
    this.governor = governor;
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/usage",
        "Spend and tokens grouped by key, team, model, provider"
            + " or day (?group_by=&from=&to=&key_id=; dates YYYY-MM-DD or instants, UTC; default this"
            + " month)",
        ctx -> {
          String group =
              ctx.queryParams().get("group_by") == null ? "key" : ctx.queryParams().get("group_by");
          if (!UsageQuery.GROUPS.contains(group)) {
            throw GatewayException.invalid(
                "group_by", "'group_by' must be one of key, team, model," + " provider, day.");
          }
          Instant now = clock.instant();
          long from =
              time(
                  ctx.queryParams().get("from"),
                  "from",
                  BudgetPeriod.MONTHLY.start(now).toEpochMilli());
          long to = time(ctx.queryParams().get("to"), "to", Long.MAX_VALUE);
          UsageQuery query = new UsageQuery(group, from, to, ctx.queryParams().get("key_id"));
          AsyncReplies.reply(ctx, 200, ledger.usage(query).map(rows -> usage(query, rows)));
        });
    routes.add(
        HttpMethod.GET,
        "/keys/:id/budget",
        "A key's spend this period against its budget",
        ctx -> {
          GatewayKey key = keys.get(ctx.pathParam("id"));
          Budget budget = key.spec().budget();
          if (budget == null) {
            long from = BudgetPeriod.MONTHLY.start(clock.instant()).toEpochMilli();
            AsyncReplies.reply(
                ctx,
                200,
                ledger
                    .spend("key:" + key.id(), from)
                    .map(
                        usd -> {
                          ObjectNode out = NODES.objectNode();
                          out.put("scope", "key:" + key.id());
                          out.putNull("budget");
                          out.put("period_start", Instant.ofEpochMilli(from).toString());
                          out.put("spent_usd", usd);
                          return out;
                        }));
            return;
          }
          AsyncReplies.reply(
              ctx,
              200,
              governor
                  .status("key:" + key.id(), key.spec().name(), budget)
                  .map(UsageModule::status));
        });
    routes.add(
        HttpMethod.GET,
        "/teams/:team/budget",
        "A team's spend this period against its"
            + " budget (teams.<tag>.budget in switchboard.yaml)",
        ctx -> {
          String team = ctx.pathParam("team");
          Budget budget = governor.teamBudget(team);
          if (budget == null) {
            throw new GatewayException(
                ErrorKind.NOT_FOUND,
                404,
                "No budget for team '" + team + "'.",
                "team",
                "budget_not_found",
                null);
          }
          AsyncReplies.reply(
              ctx, 200, governor.status("team:" + team, team, budget).map(UsageModule::status));
        });
    routes.add(
        HttpMethod.GET,
        "/notifications",
        "Budget alerts fired, newest first (?limit=)",
        ctx -> {
          int limit = (int) Math.min(1000, time(ctx.queryParams().get("limit"), "limit", 100));
          AsyncReplies.reply(ctx, 200, ledger.notifications(limit).map(UsageModule::notifications));
        });
  }

  private static JsonNode usage(UsageQuery q, java.util.List<UsageRow> rows) {
    ObjectNode out = NODES.objectNode();
    out.put("group_by", q.groupBy());
    out.put("from", Instant.ofEpochMilli(q.fromMs()).toString());
    if (q.toMs() != Long.MAX_VALUE) {
      out.put("to", Instant.ofEpochMilli(q.toMs()).toString());
    }
    ArrayNode data = out.putArray("data");
    double total = 0;
    for (UsageRow r : rows) {
      ObjectNode row = data.addObject();
      row.put(q.groupBy(), r.group());
      row.put("requests", r.requests());
      row.put("input_tokens", r.inputTokens());
      row.put("cached_tokens", r.cachedTokens());
      row.put("output_tokens", r.outputTokens());
      row.put("reasoning_tokens", r.reasoningTokens());
      row.put("cost_usd", r.costUsd());
      ObjectNode parts = row.putObject("cost_breakdown_usd");
      parts.put("input", r.inputUsd());
      parts.put("cached_input", r.cachedInputUsd());
      parts.put("cache_write", r.cacheWriteUsd());
      parts.put("output", r.outputUsd());
      parts.put("reasoning", r.reasoningUsd());
      parts.put("markup", r.markupUsd());
      total += r.costUsd();
    }
    out.put("total_cost_usd", total);
    return out;
  }

  private static JsonNode status(BudgetStatus s) {
    ObjectNode out = NODES.objectNode();
    out.put("scope", s.scope());
    out.put("name", s.name());
    out.put("limit_usd", s.budget().limitUsd());
    out.put("period", s.budget().period().label());
    out.put("mode", s.budget().hard() ? "hard" : "soft");
    out.put("period_start", Instant.ofEpochMilli(s.periodStartMs()).toString());
    out.put("resets_at", Instant.ofEpochMilli(s.periodEndMs()).toString());
    out.put("spent_usd", s.spentUsd());
    out.put("reserved_usd", s.reservedUsd());
    out.put("remaining_usd", Math.max(0, s.budget().limitUsd() - s.spentUsd()));
    out.put(
        "percent_used",
        s.budget().limitUsd() == 0 ? 0 : 100 * s.spentUsd() / s.budget().limitUsd());
    s.alertsFired().forEach(out.putArray("alerts_fired")::add);
    return out;
  }

  private static JsonNode notifications(java.util.List<Notification> list) {
    ObjectNode out = NODES.objectNode();
    ArrayNode data = out.putArray("data");
    for (Notification n : list) {
      ObjectNode o = data.addObject();
      o.put("id", n.id());
      o.put("type", "budget.threshold");
      o.put("scope", n.scope());
      o.put("name", n.name());
      o.put("threshold_percent", n.threshold());
      o.put("spent_usd", n.spentUsd());
      o.put("limit_usd", n.limitUsd());
      o.put("period_start", Instant.ofEpochMilli(n.periodStartMs()).toString());
      o.put("period_end", Instant.ofEpochMilli(n.periodEndMs()).toString());
      o.put("fired_at", Instant.ofEpochMilli(n.firedMs()).toString());
    }
    return out;
  }

  private static long time(String value, String param, long fallback) {
    return QueryTime.millis(
        value,
        param,
        fallback,
        "must be a date (YYYY-MM-DD), an ISO-8601 instant or a whole number.");
  }
}
