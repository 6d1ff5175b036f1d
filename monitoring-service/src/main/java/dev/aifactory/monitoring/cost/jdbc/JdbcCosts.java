package dev.aifactory.monitoring.cost.jdbc;

import dev.aifactory.monitoring.cost.CostEntry;
import dev.aifactory.monitoring.cost.CostLine;
import dev.aifactory.monitoring.cost.Costs;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcCosts implements Costs {

  private final JdbcClient jdbc;

  JdbcCosts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean record(CostEntry e) {
    return jdbc.sql(
                """
                insert into costs (kind, source_id, team, model_group, version, endpoint, amount,
                                   cpu_seconds, predictions, recorded_at)
                values (:kind, :source, :team, :group, :version, :endpoint, :amount, :cpu,
                        :predictions, :at)
                on conflict (kind, source_id) do nothing
                """)
            .param("kind", e.kind().name())
            .param("source", e.sourceId())
            .param("team", e.team())
            .param("group", e.modelGroup())
            .param("version", e.version())
            .param("endpoint", e.endpoint())
            .param("amount", e.amount())
            .param("cpu", e.cpuSeconds())
            .param("predictions", e.predictions())
            .param("at", OffsetDateTime.ofInstant(e.recordedAt(), ZoneOffset.UTC))
            .update()
        == 1;
  }

  @Override
  public java.util.Map<String, Double> spendSince(java.time.Instant from) {
    java.util.Map<String, Double> spend = new java.util.LinkedHashMap<>();
    jdbc.sql(
            "select team, sum(amount) as total from costs where recorded_at >= :from"
                + " group by team order by team")
        .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
        .query(
            rs -> {
              spend.put(rs.getString("team"), rs.getDouble("total"));
            });
    return spend;
  }

  @Override
  public List<CostLine> report(
      String team, Grouping by, java.time.Instant from, java.time.Instant to) {
    String group =
        switch (by) {
          case TEAM -> "team";
          case MODEL_GROUP -> "team, model_group";
          case VERSION -> "team, model_group, version";
        };
    return jdbc.sql(
            "select "
                + group
                + """
                , sum(amount) filter (where kind = 'TRAINING') as training,
                  sum(amount) filter (where kind = 'SERVING') as serving,
                  sum(amount) as total, sum(predictions) as predictions
                from costs where team = :team
                  and (cast(:from as timestamptz) is null or recorded_at >= :from)
                  and (cast(:to as timestamptz) is null or recorded_at < :to)
                group by
                """
                + group
                + " order by total desc, "
                + group)
        .param("team", team)
        .param("from", from == null ? null : OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
        .param("to", to == null ? null : OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
        .query(
            (rs, n) -> {
              long predictions = rs.getLong("predictions");
              double serving = rs.getDouble("serving");
              return new CostLine(
                  rs.getString("team"),
                  by == Grouping.TEAM ? null : rs.getString("model_group"),
                  by == Grouping.VERSION ? rs.getInt("version") : null,
                  rs.getDouble("training"),
                  serving,
                  rs.getDouble("total"),
                  predictions,
                  predictions == 0 ? null : serving / predictions * 1000);
            })
        .list();
  }
}
