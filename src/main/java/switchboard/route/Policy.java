package switchboard.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How to order one request's targets. A policy is immutable configuration: it reads live health and
 * never writes it; the dispatcher then tries the order it produced. Policies nest: any member may
 * itself be a policy (a chain whose first step is a load-balanced group).
 */
public sealed interface Policy {

  /** Appends this policy's targets, in the order to try them, each with why it is there. */
  void order(PlanContext ctx, String why, List<Pick> out);

  /** Every target this policy may use, in declaration order. */
  List<Target> targets();

  /** Whether any target of this policy would be admitted now. */
  default boolean available(HealthView health) {
    for (Target t : targets()) {
      if (health.available(t)) {
        return true;
      }
    }
    return false;
  }

  /** One model. */
  record Single(Target target) implements Policy {
    @Override
    public void order(PlanContext ctx, String why, List<Pick> out) {
      out.add(new Pick(target, why));
    }

    @Override
    public List<Target> targets() {
      return List.of(target);
    }
  }

  /** A fallback chain: the steps' orders, concatenated. */
  record Chain(String name, List<Policy> steps) implements Policy {
    @Override
    public void order(PlanContext ctx, String why, List<Pick> out) {
      for (int i = 0; i < steps.size(); i++) {
        steps.get(i).order(ctx, join(why, "step " + (i + 1) + " of fallback '" + name + "'"), out);
      }
    }

    @Override
    public List<Target> targets() {
      return steps.stream().flatMap(s -> s.targets().stream()).toList();
    }
  }

  /**
   * Weighted load balance. The members are put in a weighted random order (Efraimidis–Spirakis:
   * each member draws {@code u^(1/w)}, highest first), so the first pick has probability {@code w /
   * Σw} and the rest follow as fallbacks. Members with no healthy target go last, which
   * renormalises the weights over the healthy ones. With a sticky key the draw {@code u} comes from
   * a hash of key and member instead of the random source: weighted rendezvous hashing, so a
   * conversation stays on one member, and only the conversations of a member that goes unhealthy
   * move (Caddy's {@code hostByHashing}).
   */
  record Weighted(String name, List<Member> members, Sticky sticky) implements Policy {

    /** A member and its weight (> 0). */
    public record Member(Policy policy, double weight, String id) {}

    @Override
    public void order(PlanContext ctx, String why, List<Pick> out) {
      String key = sticky.key(ctx.input());
      boolean affinity = key == null && ctx.input().cachePrefix() != null;
      if (affinity) {
        key = ctx.input().cachePrefix();
      }
      int n = members.size();
      Integer[] index = new Integer[n];
      double[] score = new double[n];
      boolean[] healthy = new boolean[n];
      double healthyWeight = 0;
      for (int i = 0; i < n; i++) {
        Member m = members.get(i);
        double u = key != null ? Rendezvous.unit(key, m.id()) : unit(ctx.random().nextDouble());
        score[i] = Math.log(u) / m.weight();
        healthy[i] = m.policy().available(ctx.health());
        healthyWeight += healthy[i] ? m.weight() : 0;
        index[i] = i;
      }
      Arrays.sort(
          index,
          Comparator.<Integer, Boolean>comparing(i -> !healthy[i]).thenComparing(i -> -score[i]));
      boolean overflow = affinity && overflow(index, healthy, ctx.health());
      for (int rank = 0; rank < n; rank++) {
        int i = index[rank];
        Member m = members.get(i);
        String reason;
        if (!healthy[i]) {
          reason = "unhealthy member of '" + name + "', kept last";
        } else if (rank == 0) {
          long share = Math.round(100 * m.weight() / healthyWeight);
          reason =
              (affinity
                      ? (overflow ? "cache affinity overflow" : "cache affinity pick")
                          + " in '"
                          + name
                          + "'"
                      : key != null
                          ? "sticky pick by " + sticky.label() + " in '" + name + "'"
                          : "weighted pick in '" + name + "'")
                  + " ("
                  + share
                  + "% of healthy weight)";
        } else {
          reason = "fallback " + rank + " in '" + name + "'";
        }
        m.policy().order(ctx, join(why, reason), out);
      }
    }

    @Override
    public List<Target> targets() {
      return members.stream().flatMap(m -> m.policy().targets().stream()).toList();
    }

    /** Moves the first healthy member under its load bound to the front; true if it moved. */
    private boolean overflow(Integer[] index, boolean[] healthy, HealthView health) {
      List<Policy> preferred = new ArrayList<>();
      for (Integer i : index) {
        if (healthy[i]) {
          preferred.add(members.get(i).policy());
        }
      }
      int j = Affinity.underBound(preferred, health);
      if (j == 0) {
        return false;
      }
      Integer chosen = index[j];
      System.arraycopy(index, 0, index, 1, j);
      index[0] = chosen;
      return true;
    }

    private static double unit(double u) {
      return u <= 0 ? Double.MIN_VALUE : u; // log(0) would rank a member last forever
    }
  }

  /**
   * Latency routing: the member with the lowest predicted time first (an EWMA of time to first
   * token for streams, of time per output token otherwise), the others after it from fastest to
   * slowest. Unmeasured members count as fastest, so each is measured once. With {@code twoChoices}
   * the first pick compares two random healthy members (power of two choices, which avoids all
   * requests herding on one target); with probability {@code explore} it is a random healthy member
   * instead, so a target that was slow is measured again and can win back once it recovers.
   */
  record Fastest(String name, List<Policy> members, double explore, boolean twoChoices)
      implements Policy {

    @Override
    public void order(PlanContext ctx, String why, List<Pick> out) {
      List<Integer> healthy = new ArrayList<>();
      List<Integer> unhealthy = new ArrayList<>();
      double[] predicted = new double[members.size()];
      for (int i = 0; i < members.size(); i++) {
        Policy m = members.get(i);
        predicted[i] = predict(m, ctx);
        (m.available(ctx.health()) ? healthy : unhealthy).add(i);
      }
      Comparator<Integer> fastest = Comparator.comparingDouble(i -> predicted[i]);
      healthy.sort(fastest);
      String first = "fastest in '" + name + "'";
      String prefix = ctx.input().cachePrefix();
      if (prefix != null && healthy.size() > 1) {
        int pick = affine(prefix, healthy, predicted, ctx.health());
        healthy.add(0, healthy.remove(pick));
        first = "cache affinity pick among the fastest in '" + name + "'";
      } else if (healthy.size() > 1 && ctx.random().nextDouble() < explore) {
        healthy.add(0, healthy.remove(ctx.random().nextInt(healthy.size())));
        first = "exploration pick in '" + name + "'";
      } else if (twoChoices && healthy.size() > 2) {
        int ia = ctx.random().nextInt(healthy.size());
        int ib = (ia + 1 + ctx.random().nextInt(healthy.size() - 1)) % healthy.size();
        int a = healthy.get(ia);
        int b = healthy.get(ib);
        healthy.remove(Integer.valueOf(predicted[a] <= predicted[b] ? a : b));
        healthy.add(0, predicted[a] <= predicted[b] ? a : b);
        first = "faster of two random choices in '" + name + "'";
      }
      for (int rank = 0; rank < healthy.size(); rank++) {
        int i = healthy.get(rank);
        String estimate =
            Double.isNaN(predicted[i])
                ? "not measured yet"
                : String.format(
                    java.util.Locale.ROOT,
                    "predicted %.1f ms%s",
                    predicted[i],
                    ctx.input().stream() ? " to first token" : " per token");
        String reason = (rank == 0 ? first : "next fastest in '" + name + "'") + ", " + estimate;
        members.get(i).order(ctx, join(why, reason), out);
      }
      for (int i : unhealthy) {
        members.get(i).order(ctx, join(why, "unhealthy member of '" + name + "', kept last"), out);
      }
    }

    /**
     * With auto_cache, the position in {@code healthy} (fastest first) of the member the prefix
     * prefers among those within {@link Affinity#LATENCY_SLACK} of the fastest, under its load
     * bound: the cache stays warm without giving up much speed.
     */
    private int affine(String prefix, List<Integer> healthy, double[] predicted, HealthView h) {
      double best = predicted[healthy.get(0)];
      List<Integer> near = new ArrayList<>();
      for (int i : healthy) {
        double p = predicted[i];
        if (Double.isNaN(best) || Double.isNaN(p) || p <= best * Affinity.LATENCY_SLACK) {
          near.add(i);
        }
      }
      near.sort(
          Comparator.comparingDouble(i -> -Rendezvous.unit(prefix, Affinity.id(members.get(i)))));
      List<Policy> preferred = new ArrayList<>();
      near.forEach(i -> preferred.add(members.get(i)));
      return healthy.indexOf(near.get(Affinity.underBound(preferred, h)));
    }

    /** Unmeasured is NaN, ranked as 0 so it is tried (and measured) first. */
    private static double predict(Policy member, PlanContext ctx) {
      for (Target t : member.targets()) {
        if (ctx.health().available(t)) {
          double p = ctx.health().predictedMillis(t, ctx.input().stream());
          return Double.isNaN(p) ? 0 : p;
        }
      }
      return Double.MAX_VALUE;
    }

    @Override
    public List<Target> targets() {
      return members.stream().flatMap(m -> m.targets().stream()).toList();
    }
  }

  private static String join(String why, String reason) {
    return why == null || why.isEmpty() ? reason : why + " > " + reason;
  }
}
