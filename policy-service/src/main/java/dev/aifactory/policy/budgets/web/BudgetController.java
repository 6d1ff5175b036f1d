package dev.aifactory.policy.budgets.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.policy.budgets.BudgetManagement;
import dev.aifactory.policy.budgets.BudgetStatus;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/budgets")
class BudgetController {

  private final BudgetManagement budgets;

  BudgetController(BudgetManagement budgets) {
    this.budgets = budgets;
  }

  record BudgetRequest(Double monthlyLimitUsd, Double softLimitRatio) {}

  record BudgetView(
      String team,
      String period,
      String state,
      Double monthlyLimitUsd,
      Double softLimitUsd,
      double spentUsd,
      String reason) {

    static BudgetView of(BudgetStatus s) {
      return new BudgetView(
          s.team(),
          s.period(),
          s.state().id(),
          s.monthlyLimitUsd(),
          s.softLimitUsd(),
          s.spentUsd(),
          s.reason());
    }
  }

  @PutMapping("/{team}")
  ResponseEntity<BudgetView> put(
      @PathVariable String team, @RequestBody BudgetRequest request, Caller caller) {
    BudgetManagement.Saved saved =
        budgets.put(team, request.monthlyLimitUsd(), request.softLimitRatio(), caller);
    BudgetView view = BudgetView.of(saved.status());
    return saved.created()
        ? ResponseEntity.created(URI.create("/api/v1/budgets/" + team)).body(view)
        : ResponseEntity.ok(view);
  }

  @GetMapping("/{team}")
  BudgetView get(@PathVariable String team, Caller caller) {
    return BudgetView.of(budgets.get(team, caller));
  }
}
