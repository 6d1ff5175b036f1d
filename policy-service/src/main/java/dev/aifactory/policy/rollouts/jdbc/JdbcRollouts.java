package dev.aifactory.policy.rollouts.jdbc;

import dev.aifactory.policy.rollouts.Rollout;
import dev.aifactory.policy.rollouts.Rollouts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcRollouts implements Rollouts {

  private static final TypeReference<List<Integer>> INTS = new TypeReference<>() {};
  private static final String COLUMNS =
      "rollout_id, team, endpoint, model_group, candidate_version, candidate_variant,"
          + " champion_version, champion_variant, strategy, steps::text as steps, step, weight,"
          + " status, advance_requested_step, last_window_to, step_started_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcRollouts(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public boolean start(Rollout r) {
    return jdbc.sql(
                """
                insert into rollouts (rollout_id, team, endpoint, model_group, candidate_version,
                    candidate_variant, champion_version, champion_variant, strategy, steps, step,
                    weight, status, started_at, step_started_at)
                values (:id, :team, :endpoint, :group, :cv, :cvar, :chv, :chvar, :strategy,
                    cast(:steps as json), :step, :weight, :status, :at, :at)
                on conflict (rollout_id) do nothing
                """)
            .param("id", r.rolloutId())
            .param("team", r.team())
            .param("endpoint", r.endpoint())
            .param("group", r.modelGroup())
            .param("cv", r.candidateVersion())
            .param("cvar", r.candidateVariant())
            .param("chv", r.championVersion())
            .param("chvar", r.championVariant())
            .param("strategy", r.strategy())
            .param("steps", json.writeValueAsString(r.steps()))
            .param("step", r.step())
            .param("weight", r.weight())
            .param("status", r.status().id())
            .param("at", Timestamp.from(r.stepStartedAt()))
            .update()
        == 1;
  }

  @Override
  public Optional<Rollout> lock(String rolloutId) {
    return jdbc.sql("select " + COLUMNS + " from rollouts where rollout_id = :id for update")
        .param("id", rolloutId)
        .query(this::map)
        .optional();
  }

  @Override
  public Optional<Rollout> lockActiveCandidate(
      String team, String endpoint, String variant, int version) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from rollouts where team = :team and endpoint = :endpoint"
                + " and candidate_variant = :variant and candidate_version = :version"
                + " and status = 'active' order by started_at desc limit 1 for update")
        .param("team", team)
        .param("endpoint", endpoint)
        .param("variant", variant)
        .param("version", version)
        .query(this::map)
        .optional();
  }

  @Override
  public void stepCompleted(String rolloutId, int step, int weight, Instant at) {
    jdbc.sql(
            "update rollouts set step = :step, weight = :weight, step_started_at = :at"
                + " where rollout_id = :id")
        .param("id", rolloutId)
        .param("step", step)
        .param("weight", weight)
        .param("at", Timestamp.from(at))
        .update();
  }

  @Override
  public void status(String rolloutId, Rollout.Status status) {
    jdbc.sql("update rollouts set status = :status where rollout_id = :id")
        .param("id", rolloutId)
        .param("status", status.id())
        .update();
  }

  @Override
  public void windowEvaluated(String rolloutId, Instant windowTo) {
    jdbc.sql("update rollouts set last_window_to = :to where rollout_id = :id")
        .param("id", rolloutId)
        .param("to", Timestamp.from(windowTo))
        .update();
  }

  @Override
  public void advanceRequested(String rolloutId, int step) {
    jdbc.sql("update rollouts set advance_requested_step = :step where rollout_id = :id")
        .param("id", rolloutId)
        .param("step", step)
        .update();
  }

  @Override
  public List<Rollout> list(String team, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from rollouts where team = :team order by started_at desc limit :limit")
        .param("team", team)
        .param("limit", limit)
        .query(this::map)
        .list();
  }

  private Rollout map(ResultSet rs, int row) throws SQLException {
    Timestamp lastWindow = rs.getTimestamp("last_window_to");
    return new Rollout(
        rs.getString("rollout_id"),
        rs.getString("team"),
        rs.getString("endpoint"),
        rs.getString("model_group"),
        rs.getInt("candidate_version"),
        rs.getString("candidate_variant"),
        (Integer) rs.getObject("champion_version"),
        rs.getString("champion_variant"),
        rs.getString("strategy"),
        json.readValue(rs.getString("steps"), INTS),
        rs.getInt("step"),
        rs.getInt("weight"),
        Rollout.Status.of(rs.getString("status")),
        (Integer) rs.getObject("advance_requested_step"),
        lastWindow == null ? null : lastWindow.toInstant(),
        rs.getTimestamp("step_started_at").toInstant());
  }
}
