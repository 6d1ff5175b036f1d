package dev.aifactory.policy.runs.jdbc;

import dev.aifactory.policy.runs.TrainingRuns;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcTrainingRuns implements TrainingRuns {

  private final JdbcClient jdbc;

  JdbcTrainingRuns(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void requested(
      String requestId, String team, String modelGroup, String requestedBy, String trigger) {
    jdbc.sql(
            """
            insert into training_requests (request_id, team, model_group, requested_by, trigger)
            values (:id, :team, :group, :by, :trigger) on conflict do nothing
            """)
        .param("id", requestId)
        .param("team", team)
        .param("group", modelGroup)
        .param("by", requestedBy)
        .param("trigger", trigger)
        .update();
  }

  @Override
  public void started(
      String runId, String requestId, String team, String modelGroup, String trigger) {
    jdbc.sql(
            """
            insert into training_runs (run_id, request_id, team, model_group, trigger)
            values (:run, :request, :team, :group, :trigger)
            on conflict (run_id) do update set request_id = excluded.request_id
            """)
        .param("run", runId)
        .param("request", requestId)
        .param("team", team)
        .param("group", modelGroup)
        .param("trigger", trigger)
        .update();
  }

  @Override
  public void completed(
      String runId, String team, String modelGroup, String trigger, double costUsd, Instant at) {
    jdbc.sql(
            """
            insert into training_runs (run_id, team, model_group, trigger, cost_usd, completed_at)
            values (:run, :team, :group, :trigger, :cost, :at)
            on conflict (run_id) do update
              set cost_usd = excluded.cost_usd, completed_at = excluded.completed_at
            """)
        .param("run", runId)
        .param("team", team)
        .param("group", modelGroup)
        .param("trigger", trigger)
        .param("cost", costUsd)
        .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .update();
  }

  @Override
  public Optional<String> requester(String runId) {
    return jdbc.sql(
            """
            select r.requested_by from training_runs s
            join training_requests r on r.request_id = s.request_id
            where s.run_id = :run
            """)
        .param("run", runId)
        .query(String.class)
        .optional();
  }

  @Override
  public double spend(String team, Instant from) {
    return jdbc.sql(
            """
            select coalesce(sum(cost_usd), 0) from training_runs
            where team = :team and completed_at >= :from
            """)
        .param("team", team)
        .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
        .query(Double.class)
        .single();
  }

  @Override
  public int requestsSince(String team, String modelGroup, Instant from) {
    return jdbc.sql(
            "select count(*) from training_requests where team = :team and model_group = :group"
                + " and requested_at >= :from")
        .param("team", team)
        .param("group", modelGroup)
        .param("from", java.sql.Timestamp.from(from))
        .query(Integer.class)
        .single();
  }

  @Override
  public Optional<Instant> lastRequest(String team, String modelGroup) {
    return jdbc.sql(
            "select max(requested_at) from training_requests where team = :team"
                + " and model_group = :group")
        .param("team", team)
        .param("group", modelGroup)
        .query(java.sql.Timestamp.class)
        .optional()
        .map(java.sql.Timestamp::toInstant);
  }
}
