package dev.aifactory.gateway.rollout.jdbc;

import dev.aifactory.common.web.ApiException;
import dev.aifactory.gateway.endpoint.RolloutPlan;
import dev.aifactory.gateway.rollout.Rollout;
import dev.aifactory.gateway.rollout.Rollouts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcRollouts implements Rollouts {

  private static final String COLUMNS =
      """
      select id, endpoint, team, model_group, candidate_version, candidate_variant,
             champion_version, champion_variant, strategy, steps, bake_seconds, state, current_step,
             step_started_at, advance_requested, advance_decision, started_by, reason, created_at,
             updated_at, finished_at, shadow_sample_rate
      from rollouts
      """;

  private final JdbcClient jdbc;

  JdbcRollouts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void insert(Rollout r) {
    try {
      jdbc.sql(
              """
              insert into rollouts (id, endpoint, team, model_group, candidate_version,
                                    candidate_variant, champion_version, champion_variant, strategy,
                                    steps, bake_seconds, state, current_step, step_started_at,
                                    advance_requested, advance_decision, started_by, reason,
                                    created_at, updated_at, shadow_sample_rate)
              values (:id, :endpoint, :team, :group, :candidate, :candidateVariant, :champion,
                      :championVariant, :strategy, :steps, :bake, :state, :step, :stepStartedAt,
                      :advance, :decision, :startedBy, :reason, :createdAt, :createdAt, :shadowRate)
              """)
          .param("id", r.id())
          .param("endpoint", r.endpoint())
          .param("team", r.team())
          .param("group", r.modelGroup())
          .param("candidate", r.candidateVersion())
          .param("candidateVariant", r.candidateVariant())
          .param("champion", r.championVersion(), Types.INTEGER)
          .param("championVariant", r.championVariant(), Types.VARCHAR)
          .param("strategy", r.plan().strategy().wire())
          .param("steps", steps(r.plan()))
          .param("bake", r.plan().bakeSeconds())
          .param("state", r.state().name())
          .param("step", r.currentStep())
          .param("stepStartedAt", Timestamp.from(r.stepStartedAt()))
          .param("advance", r.advanceRequested())
          .param("decision", r.advanceDecision(), Types.VARCHAR)
          .param("startedBy", r.startedBy(), Types.VARCHAR)
          .param("reason", r.reason(), Types.VARCHAR)
          .param("createdAt", Timestamp.from(r.createdAt()))
          .param("shadowRate", r.shadowSampleRate(), Types.DOUBLE)
          .update();
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict(
          "Endpoint '"
              + r.endpoint()
              + "' already has a rollout in progress; abort it or let it finish first");
    }
  }

  @Override
  public Optional<Rollout> find(String id) {
    return jdbc.sql(COLUMNS + " where id = :id")
        .param("id", id)
        .query((rs, n) -> rollout(rs, true))
        .optional();
  }

  @Override
  public Optional<Rollout> lock(String id) {
    return jdbc.sql(COLUMNS + " where id = :id for update")
        .param("id", id)
        .query((rs, n) -> rollout(rs, false))
        .optional();
  }

  @Override
  public Optional<Rollout> lockActive(String endpoint) {
    return jdbc.sql(
            COLUMNS + " where endpoint = :endpoint and state in ('RUNNING', 'PAUSED') for update")
        .param("endpoint", endpoint)
        .query((rs, n) -> rollout(rs, false))
        .optional();
  }

  @Override
  public boolean hasActive(String endpoint) {
    return jdbc.sql(
                "select count(*) from rollouts where endpoint = :endpoint"
                    + " and state in ('RUNNING', 'PAUSED')")
            .param("endpoint", endpoint)
            .query(Long.class)
            .single()
        > 0;
  }

  @Override
  public List<Rollout> page(String endpoint, int page, int size) {
    return jdbc.sql(
            COLUMNS
                + " where endpoint = :endpoint order by created_at desc, id"
                + " limit :limit offset :offset")
        .param("endpoint", endpoint)
        .param("limit", size)
        .param("offset", (long) page * size)
        .query((rs, n) -> rollout(rs, true))
        .list();
  }

  @Override
  public long count(String endpoint) {
    return jdbc.sql("select count(*) from rollouts where endpoint = :endpoint")
        .param("endpoint", endpoint)
        .query(Long.class)
        .single();
  }

  @Override
  public void update(Rollout r) {
    jdbc.sql(
            """
            update rollouts
               set state = :state, current_step = :step, step_started_at = :stepStartedAt,
                   advance_requested = :advance, advance_decision = :decision, reason = :reason,
                   finished_at = :finishedAt, updated_at = now()
             where id = :id
            """)
        .param("state", r.state().name())
        .param("step", r.currentStep())
        .param("stepStartedAt", Timestamp.from(r.stepStartedAt()))
        .param("advance", r.advanceRequested())
        .param("decision", r.advanceDecision(), Types.VARCHAR)
        .param("reason", r.reason(), Types.VARCHAR)
        .param(
            "finishedAt",
            r.finishedAt() == null ? null : Timestamp.from(r.finishedAt()),
            Types.TIMESTAMP)
        .param("id", r.id())
        .update();
  }

  @Override
  public void record(
      String rolloutId, String kind, Integer step, String decisionId, String actor, String detail) {
    jdbc.sql(
            """
            insert into rollout_history (rollout_id, kind, step, decision_id, actor, detail)
            values (:id, :kind, :step, :decision, :actor, :detail)
            """)
        .param("id", rolloutId)
        .param("kind", kind)
        .param("step", step, Types.INTEGER)
        .param("decision", decisionId, Types.VARCHAR)
        .param("actor", actor, Types.VARCHAR)
        .param("detail", detail, Types.VARCHAR)
        .update();
  }

  @Override
  public List<String> dueForAdvance(Instant now) {
    return jdbc.sql(
            """
            select id from rollouts
             where state = 'RUNNING' and advance_requested
               and step_started_at + make_interval(secs => bake_seconds) <= :now
            """)
        .param("now", Timestamp.from(now))
        .query(String.class)
        .list();
  }

  private List<Rollout.HistoryEntry> history(String id) {
    return jdbc.sql(
            "select at, kind, step, decision_id, actor, detail from rollout_history"
                + " where rollout_id = :id order by id")
        .param("id", id)
        .query(
            (rs, n) ->
                new Rollout.HistoryEntry(
                    instant(rs, "at"),
                    rs.getString("kind"),
                    (Integer) rs.getObject("step"),
                    rs.getString("decision_id"),
                    rs.getString("actor"),
                    rs.getString("detail")))
        .list();
  }

  private Rollout rollout(ResultSet rs, boolean withHistory) throws SQLException {
    String id = rs.getString("id");
    RolloutPlan.Strategy strategy = RolloutPlan.Strategy.fromWire(rs.getString("strategy"));
    RolloutPlan plan =
        new RolloutPlan(
            strategy,
            Arrays.stream(rs.getString("steps").split(",")).map(Integer::valueOf).toList(),
            rs.getLong("bake_seconds"));
    return new Rollout(
        id,
        rs.getString("endpoint"),
        rs.getString("team"),
        rs.getString("model_group"),
        rs.getInt("candidate_version"),
        rs.getString("candidate_variant"),
        (Integer) rs.getObject("champion_version"),
        rs.getString("champion_variant"),
        plan,
        (Double) rs.getObject("shadow_sample_rate"),
        Rollout.State.valueOf(rs.getString("state")),
        rs.getInt("current_step"),
        instant(rs, "step_started_at"),
        rs.getBoolean("advance_requested"),
        rs.getString("advance_decision"),
        rs.getString("started_by"),
        rs.getString("reason"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "finished_at"),
        withHistory ? history(id) : List.of());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static String steps(RolloutPlan plan) {
    return String.join(",", plan.steps().stream().map(String::valueOf).toList());
  }
}
