package dev.aifactory.policy.loop.jdbc;

import dev.aifactory.policy.loop.LoopState;
import dev.aifactory.policy.loop.Loops;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcLoops implements Loops {

  private static final String COLUMNS =
      "team, model_group, state, since, reason, decision_id, cooldown_until";

  private final JdbcClient jdbc;

  JdbcLoops(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public LoopState lock(String team, String modelGroup, Instant now) {
    jdbc.sql(
            "insert into loop_states (team, model_group, state, since, reason)"
                + " values (:team, :group, 'idle', :now, 'new model group')"
                + " on conflict (team, model_group) do nothing")
        .param("team", team)
        .param("group", modelGroup)
        .param("now", Timestamp.from(now))
        .update();
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from loop_states where team = :team and model_group = :group for update")
        .param("team", team)
        .param("group", modelGroup)
        .query(JdbcLoops::map)
        .single();
  }

  @Override
  public void save(LoopState s) {
    jdbc.sql(
            "update loop_states set state = :state, since = :since, reason = :reason,"
                + " decision_id = :decision, cooldown_until = :cooldown"
                + " where team = :team and model_group = :group")
        .param("team", s.team())
        .param("group", s.modelGroup())
        .param("state", s.state().id())
        .param("since", Timestamp.from(s.since()))
        .param("reason", s.reason())
        .param("decision", s.decisionId())
        .param("cooldown", s.cooldownUntil() == null ? null : Timestamp.from(s.cooldownUntil()))
        .update();
  }

  @Override
  public Optional<LoopState> find(String team, String modelGroup) {
    return jdbc.sql(
            "select " + COLUMNS + " from loop_states where team = :team and model_group = :group")
        .param("team", team)
        .param("group", modelGroup)
        .query(JdbcLoops::map)
        .optional();
  }

  @Override
  public List<LoopState> list(String team) {
    return jdbc.sql(
            "select " + COLUMNS + " from loop_states where team = :team order by model_group")
        .param("team", team)
        .query(JdbcLoops::map)
        .list();
  }

  @Override
  public List<LoopState> lockDue(Instant now, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from loop_states where state in ('promoted', 'rolled-back')"
                + " or (state = 'cooling-down' and cooldown_until <= :now)"
                + " order by since limit :limit for update skip locked")
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(JdbcLoops::map)
        .list();
  }

  @Override
  public Optional<Instant> lastScheduleAttempt(String team, String modelGroup) {
    return jdbc.sql(
            "select attempted_at from loop_schedule_attempts where team = :team"
                + " and model_group = :group")
        .param("team", team)
        .param("group", modelGroup)
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  @Override
  public void scheduleAttempted(String team, String modelGroup, Instant at) {
    jdbc.sql(
            "insert into loop_schedule_attempts (team, model_group, attempted_at)"
                + " values (:team, :group, :at) on conflict (team, model_group)"
                + " do update set attempted_at = excluded.attempted_at")
        .param("team", team)
        .param("group", modelGroup)
        .param("at", Timestamp.from(at))
        .update();
  }

  private static LoopState map(ResultSet rs, int row) throws SQLException {
    Timestamp cooldown = rs.getTimestamp("cooldown_until");
    return new LoopState(
        rs.getString("team"),
        rs.getString("model_group"),
        LoopState.State.of(rs.getString("state")),
        rs.getTimestamp("since").toInstant(),
        rs.getString("reason"),
        rs.getString("decision_id"),
        cooldown == null ? null : cooldown.toInstant());
  }
}
