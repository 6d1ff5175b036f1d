package dev.aifactory.ingestion.quality;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.RuleResult;
import dev.aifactory.ingestion.dataset.TableProfile;
import dev.aifactory.ingestion.dataset.ValueObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates a ruleset while the profiler streams the file: value rules check every non-null cell of
 * their column as it passes, uniqueness rules count distinct values with a bounded {@link
 * DistinctCounter}, and the remaining rules read the finished profile. Memory is bounded by the
 * number of rules and the uniqueness cap, never by the file size.
 */
public final class RuleEvaluation implements ValueObserver {

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final List<Rule> rules;
  private final int uniqueCap;
  private final Map<String, DistinctCounter> distinct = new HashMap<>();
  // Identity, not equality: the same rule written twice keeps two tallies.
  private final Map<Rule, ValueTally> tallies = new IdentityHashMap<>();
  private final Map<String, List<Rule>> valueRules = new HashMap<>();

  public RuleEvaluation(List<Rule> rules, int uniqueCap) {
    this.rules = List.copyOf(rules);
    this.uniqueCap = uniqueCap;
    for (Rule rule : this.rules) {
      if (rule instanceof Rule.IsUnique || rule instanceof Rule.Uniqueness) {
        distinct.putIfAbsent(rule.column().orElseThrow(), new DistinctCounter(uniqueCap));
      } else if (isValueRule(rule)) {
        valueRules.computeIfAbsent(rule.column().orElseThrow(), c -> new ArrayList<>()).add(rule);
        tallies.put(rule, new ValueTally());
      }
    }
  }

  private static boolean isValueRule(Rule rule) {
    return rule instanceof Rule.ValuesBetween
        || rule instanceof Rule.ValuesIn
        || rule instanceof Rule.ValuesCompared;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  @Override
  public boolean wants(String column) {
    return distinct.containsKey(column) || valueRules.containsKey(column);
  }

  @Override
  public void value(String column, String value) {
    DistinctCounter counter = distinct.get(column);
    if (counter != null) {
      counter.add(value);
    }
    List<Rule> checks = valueRules.get(column);
    if (checks != null) {
      for (Rule rule : checks) {
        tallies.get(rule).record(value, accepts(rule, value));
      }
    }
  }

  /** The results, in rule order, once the profiler has seen every row. */
  public List<RuleResult> results(TableProfile profile) {
    return rules.stream().map(rule -> result(rule, profile)).toList();
  }

  private RuleResult result(Rule rule, TableProfile profile) {
    if (rule instanceof Rule.RowCount r) {
      double rows = profile.rowCount();
      return new RuleResult(
          r.text(), r.operator().test(rows, r.threshold()), rows, false, rows + " rows");
    }
    String name = rule.column().orElseThrow();
    Optional<ColumnProfile> found = profile.column(name);
    if (found.isEmpty()) {
      return new RuleResult(
          rule.text(), false, null, false, "The column '" + name + "' is not in this version");
    }
    ColumnProfile column = found.get();
    long rows = profile.rowCount();
    if (rule instanceof Rule.IsComplete r) {
      double share = completeness(column, rows);
      return new RuleResult(
          r.text(), column.nulls() == 0, share, false, column.nulls() + " null values");
    }
    if (rule instanceof Rule.Completeness r) {
      double share = completeness(column, rows);
      return new RuleResult(
          r.text(),
          r.operator().test(share, r.threshold()),
          share,
          false,
          column.nulls() + " null values in " + rows + " rows");
    }
    if (rule instanceof Rule.IsUnique r) {
      DistinctCounter c = distinct.get(name);
      return new RuleResult(
          r.text(),
          c.repeats() == 0,
          uniqueness(c, column),
          c.saturated(),
          uniqueDetail(c, column));
    }
    if (rule instanceof Rule.Uniqueness r) {
      DistinctCounter c = distinct.get(name);
      double share = uniqueness(c, column);
      return new RuleResult(
          r.text(),
          r.operator().test(share, r.threshold()),
          share,
          c.saturated(),
          uniqueDetail(c, column));
    }
    return tallies.get(rule).result(rule.text());
  }

  private static double completeness(ColumnProfile column, long rows) {
    return rows == 0 ? 1.0 : (double) column.count() / rows;
  }

  private static double uniqueness(DistinctCounter counter, ColumnProfile column) {
    return column.count() == 0 ? 1.0 : (double) counter.distinct() / column.count();
  }

  private String uniqueDetail(DistinctCounter counter, ColumnProfile column) {
    String detail = counter.distinct() + " distinct of " + column.count() + " non-null values";
    if (counter.saturated()) {
      detail +=
          "; approximate: only the first "
              + uniqueCap
              + " distinct values are tracked, so the distinct count is a lower bound and repeats"
              + " of later values are not seen";
    }
    return detail;
  }

  private static boolean accepts(Rule rule, String value) {
    if (rule instanceof Rule.ValuesBetween r) {
      Double x = number(value);
      return x != null && x >= r.low() && x <= r.high();
    }
    if (rule instanceof Rule.ValuesCompared r) {
      Double x = number(value);
      return x != null && r.operator().test(x, r.threshold());
    }
    if (rule instanceof Rule.ValuesIn r) {
      return r.allowed().stream().anyMatch(a -> same(a, value));
    }
    return true;
  }

  private static boolean same(String allowed, String value) {
    if (allowed.equals(value)) {
      return true;
    }
    Double a = number(allowed);
    Double v = a == null ? null : number(value);
    return v != null && Double.compare(a, v) == 0;
  }

  private static Double number(String value) {
    return NUMBER.matcher(value).matches() ? Double.parseDouble(value) : null;
  }

  /** Counts of one value rule; keeps the first offending value as an example. */
  private static final class ValueTally {
    private static final int EXAMPLE_LENGTH = 50;
    private long checked;
    private long failed;
    private String example;

    void record(String value, boolean ok) {
      checked++;
      if (!ok) {
        failed++;
        if (example == null) {
          example =
              value.length() > EXAMPLE_LENGTH ? value.substring(0, EXAMPLE_LENGTH) + "…" : value;
        }
      }
    }

    RuleResult result(String text) {
      double share = checked == 0 ? 1.0 : (double) (checked - failed) / checked;
      String detail =
          failed == 0
              ? "all " + checked + " non-null values satisfy the rule"
              : failed + " of " + checked + " non-null values do not, e.g. '" + example + "'";
      return new RuleResult(text, failed == 0, share, false, detail);
    }
  }
}
