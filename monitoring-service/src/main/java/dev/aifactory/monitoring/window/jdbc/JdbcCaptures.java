package dev.aifactory.monitoring.window.jdbc;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.monitoring.window.Captures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcCaptures implements Captures {

  private final JdbcTemplate batch;
  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcCaptures(JdbcTemplate batch, JdbcClient jdbc, JsonMapper json) {
    this.batch = batch;
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public int append(UUID windowId, List<CapturedInference> records) {
    List<Object[]> rows = new ArrayList<>(records.size());
    for (CapturedInference r : records) {
      rows.add(
          new Object[] {
            windowId,
            r.requestId() != null ? r.requestId() : UUID.randomUUID().toString(),
            JdbcWindows.utc(r.timestamp()),
            r.latencyMs(),
            r.overheadMs(),
            r.status(),
            json.writeValueAsString(r.features() == null ? Map.of() : r.features()),
            r.prediction()
          });
    }
    // JdbcClient has no batch statement; one round trip per batch matters at capture volume.
    int[] counts =
        batch.batchUpdate(
            """
            insert into captures (window_id, request_id, captured_at, latency_ms,
                                  overhead_ms, status, features, prediction)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
            on conflict (window_id, request_id) do nothing
            """,
            rows);
    int inserted = 0;
    for (int count : counts) {
      inserted += Math.max(count, 0);
    }
    return inserted;
  }

  @Override
  public int purgeBefore(java.time.Instant cutoff) {
    return jdbc.sql("delete from captures where captured_at < :cutoff")
        .param("cutoff", JdbcWindows.utc(cutoff))
        .update();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<CapturedInference> of(UUID windowId) {
    return jdbc.sql(
            """
            select c.request_id, w.endpoint, w.variant, w.model_group, w.version, c.captured_at,
                   c.latency_ms, c.overhead_ms, c.status, c.features::text as features,
                   c.prediction
            from captures c join windows w on w.id = c.window_id
            where c.window_id = :id order by c.captured_at, c.request_id
            """)
        .param("id", windowId)
        .query(
            (rs, n) -> {
              Object prediction = rs.getObject("prediction");
              return new CapturedInference(
                  rs.getString("request_id"),
                  rs.getString("endpoint"),
                  rs.getString("variant"),
                  rs.getString("model_group"),
                  rs.getInt("version"),
                  rs.getObject("captured_at", java.time.OffsetDateTime.class).toInstant(),
                  rs.getDouble("latency_ms"),
                  rs.getDouble("overhead_ms"),
                  rs.getInt("status"),
                  json.readValue(rs.getString("features"), Map.class),
                  prediction == null ? null : ((Number) prediction).doubleValue());
            })
        .list();
  }
}
