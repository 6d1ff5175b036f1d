package dev.aifactory.monitoring.quality.jdbc;

import dev.aifactory.monitoring.quality.GroundTruth;
import dev.aifactory.monitoring.quality.LabelledPredictions;
import dev.aifactory.monitoring.quality.QualityWindow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcGroundTruth implements GroundTruth {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  JdbcGroundTruth(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  @Override
  public boolean knowsEndpoint(String team, String endpoint) {
    return jdbc.sql(
            "select exists(select 1 from windows where team = :team and endpoint = :endpoint)")
        .param("team", team)
        .param("endpoint", endpoint)
        .query(Boolean.class)
        .single();
  }

  @Override
  public List<CaptureRef> captures(String team, String endpoint, Collection<String> requestIds) {
    if (requestIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select c.request_id, w.id, w.team, w.endpoint, w.variant, w.model_group, w.version,
                   w.window_start, w.window_end
            from captures c join windows w on w.id = c.window_id
            where w.team = :team and w.endpoint = :endpoint and c.request_id in (:ids)
            """)
        .param("team", team)
        .param("endpoint", endpoint)
        .param("ids", List.copyOf(requestIds))
        .query(
            (rs, n) ->
                new CaptureRef(
                    rs.getString("request_id"),
                    new QualityWindow(
                        rs.getObject("id", UUID.class),
                        rs.getString("team"),
                        rs.getString("endpoint"),
                        rs.getString("variant"),
                        rs.getString("model_group"),
                        rs.getInt("version"),
                        rs.getObject("window_start", OffsetDateTime.class).toInstant(),
                        rs.getObject("window_end", OffsetDateTime.class).toInstant())))
        .list();
  }

  @Override
  public void save(String team, String endpoint, Map<String, Double> labels, Instant receivedAt) {
    List<Object[]> rows = new ArrayList<>(labels.size());
    OffsetDateTime at = utc(receivedAt);
    labels.forEach((id, label) -> rows.add(new Object[] {team, endpoint, id, label, at}));
    batch.batchUpdate(
        """
        insert into ground_truth (team, endpoint, request_id, label, received_at)
        values (?, ?, ?, ?, ?)
        on conflict (team, endpoint, request_id)
          do update set label = excluded.label, received_at = excluded.received_at
        """,
        rows);
  }

  @Override
  public LabelledPredictions labelled(UUID windowId) {
    List<double[]> pairs =
        jdbc.sql(
                """
                select g.label, c.prediction
                from captures c
                  join windows w on w.id = c.window_id
                  join ground_truth g on g.team = w.team and g.endpoint = w.endpoint
                                     and g.request_id = c.request_id
                where c.window_id = :id and c.prediction is not null
                order by c.captured_at, c.request_id
                """)
            .param("id", windowId)
            .query((rs, n) -> new double[] {rs.getDouble("label"), rs.getDouble("prediction")})
            .list();
    double[] labels = new double[pairs.size()];
    double[] predictions = new double[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      labels[i] = pairs.get(i)[0];
      predictions[i] = pairs.get(i)[1];
    }
    return new LabelledPredictions(labels, predictions);
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    return jdbc.sql("delete from ground_truth where received_at < :cutoff")
        .param("cutoff", utc(cutoff))
        .update();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
