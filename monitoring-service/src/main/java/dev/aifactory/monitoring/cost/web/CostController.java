package dev.aifactory.monitoring.cost.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.monitoring.cost.CostLine;
import dev.aifactory.monitoring.cost.Costs;
import dev.aifactory.monitoring.cost.Costs.Grouping;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's team's spend, by team, model group or version, over a period if given. */
@RestController
class CostController {

  private final Costs costs;

  CostController(Costs costs) {
    this.costs = costs;
  }

  /** Spend lines of one grouping, largest first, recorded in [from, to) (null: unbounded). */
  record CostReport(String by, Instant from, Instant to, String currency, List<CostLine> items) {}

  @GetMapping("/api/v1/cost-reports")
  CostReport report(
      @RequestParam(defaultValue = "team") String by,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      Caller caller) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.badRequest(
          "to", "to must be after from (" + from + "); was " + to + ": the period is [from, to)");
    }
    Grouping grouping =
        switch (by) {
          case "team" -> Grouping.TEAM;
          case "modelGroup" -> Grouping.MODEL_GROUP;
          case "version" -> Grouping.VERSION;
          default ->
              throw ApiException.badRequest(
                  "by", "by must be one of team, modelGroup, version; was '" + by + "'");
        };
    return new CostReport(by, from, to, "USD", costs.report(caller.team(), grouping, from, to));
  }
}
