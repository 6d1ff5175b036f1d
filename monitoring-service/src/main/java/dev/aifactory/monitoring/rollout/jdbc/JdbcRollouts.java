package dev.aifactory.monitoring.rollout.jdbc;

import dev.aifactory.monitoring.rollout.Rollout;
import dev.aifactory.monitoring.rollout.Rollouts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcRollouts implements Rollouts {

  private final JdbcClient jdbc;

  JdbcRollouts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void start(Rollout r, Instant at) {
    jdbc.sql(
            """
            insert into rollouts (rollout_id, team, endpoint, model_group, candidate_variant,
                                  candidate_version, champion_variant, champion_version, active,
                                  started_at)
            values (:id, :team, :endpoint, :group, :candidate, :candidateVersion, :champion,
                    :championVersion, true, :at)
            on conflict (rollout_id) do nothing
            """)
        .param("id", r.rolloutId())
        .param("team", r.team())
        .param("endpoint", r.endpoint())
        .param("group", r.modelGroup())
        .param("candidate", r.candidateVariant())
        .param("candidateVersion", r.candidateVersion())
        .param("champion", r.championVariant())
        .param("championVersion", r.championVersion())
        .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .update();
  }

  @Override
  public void end(String rolloutId) {
    jdbc.sql("update rollouts set active = false where rollout_id = :id")
        .param("id", rolloutId)
        .update();
  }

  @Override
  public Optional<Rollout> activeFor(String team, String endpoint, String variant, int version) {
    // The latest rollout wins should the gateway ever start a second one before ending the first.
    return jdbc.sql(
            """
            select rollout_id, team, endpoint, model_group, candidate_variant, candidate_version,
                   champion_variant, champion_version
            from rollouts
            where active and team = :team and endpoint = :endpoint
              and candidate_variant = :variant and candidate_version = :version
            order by started_at desc limit 1
            """)
        .param("team", team)
        .param("endpoint", endpoint)
        .param("variant", variant)
        .param("version", version)
        .query(JdbcRollouts::map)
        .optional();
  }

  @Override
  public List<Rollout> activeWithChampion(
      String team, String endpoint, String variant, int version) {
    return jdbc.sql(
            """
            select rollout_id, team, endpoint, model_group, candidate_variant, candidate_version,
                   champion_variant, champion_version
            from rollouts
            where active and team = :team and endpoint = :endpoint
              and champion_variant = :variant
              and (champion_version is null or champion_version = :version)
            order by started_at desc
            """)
        .param("team", team)
        .param("endpoint", endpoint)
        .param("variant", variant)
        .param("version", version)
        .query(JdbcRollouts::map)
        .list();
  }

  private static Rollout map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Rollout(
        rs.getString("rollout_id"),
        rs.getString("team"),
        rs.getString("endpoint"),
        rs.getString("model_group"),
        rs.getString("candidate_variant"),
        rs.getInt("candidate_version"),
        rs.getString("champion_variant"),
        rs.getObject("champion_version", Integer.class));
  }
}
