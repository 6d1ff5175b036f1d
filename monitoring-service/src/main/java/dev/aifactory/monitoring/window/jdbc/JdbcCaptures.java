package dev.aifactory.monitoring.window.jdbc;

import dev.aifactory.common.events.CapturedInference;
import dev.aifactory.common.events.ShadowResult;
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
  private final JdbcTemplate streaming;
  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcCaptures(JdbcTemplate batch, JdbcClient jdbc, JsonMapper json) {
    this.batch = batch;
    // PostgreSQL streams a result set in chunks of the fetch size inside a transaction; without
    // one it materialises the whole window. A separate template so other queries keep defaults.
    this.streaming = new JdbcTemplate(batch.getDataSource());
    this.streaming.setFetchSize(1_000);
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void forEach(UUID windowId, java.util.function.Consumer<CapturedInference> each) {
    streaming.query(
        SELECT,
        (java.sql.ResultSet rs) -> {
          each.accept(map(rs));
        },
        windowId);
  }

  @Override
  public List<CapturedInference> append(UUID windowId, List<CapturedInference> records) {
    List<Object[]> rows = new ArrayList<>(records.size());
    List<CapturedInference> identified = new ArrayList<>(records.size());
    for (CapturedInference r : records) {
      String requestId = r.requestId() != null ? r.requestId() : UUID.randomUUID().toString();
      identified.add(r.requestId() != null ? r : withRequestId(r, requestId));
      rows.add(
          new Object[] {
            windowId,
            requestId,
            JdbcWindows.utc(r.timestamp()),
            r.latencyMs(),
            r.overheadMs(),
            r.status(),
            json.writeValueAsString(r.features() == null ? Map.of() : r.features()),
            r.prediction(),
            r.sampleRate(),
            r.shadow() == null ? null : json.writeValueAsString(r.shadow()),
            sampleKey(requestId)
          });
    }
    // JdbcClient has no batch statement; one round trip per batch matters at capture volume.
    int[] counts =
        batch.batchUpdate(
            """
            insert into captures (window_id, request_id, captured_at, latency_ms,
                                  overhead_ms, status, features, prediction, sample_rate, shadow,
                                  sample_key)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, cast(? as jsonb), ?)
            on conflict (window_id, request_id) do nothing
            """,
            rows);
    // Per row: 1 stored, 0 a duplicate request id (SUCCESS_NO_INFO, not returned by PostgreSQL
    // without rewritten batches, would count as stored).
    List<CapturedInference> stored = new ArrayList<>(records.size());
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        stored.add(identified.get(i));
      }
    }
    return stored;
  }

  @Override
  public long count(UUID windowId) {
    return jdbc.sql("select count(*) from captures where window_id = :id")
        .param("id", windowId)
        .query(Long.class)
        .single();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> sample(UUID windowId, int limit) {
    return jdbc.sql(
            """
            select features::text as features from captures
            where window_id = :id order by sample_key limit :limit
            """)
        .param("id", windowId)
        .param("limit", limit)
        .query((rs, n) -> (Map<String, Object>) json.readValue(rs.getString("features"), Map.class))
        .list();
  }

  /** A uniform, deterministic key in [0, 1) from the request id (SplitMix64 over FNV-1a). */
  static double sampleKey(String requestId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < requestId.length(); i++) {
      h ^= requestId.charAt(i);
      h *= 0x100000001b3L;
    }
    h += 0x9e3779b97f4a7c15L;
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return (h >>> 11) * 0x1.0p-53;
  }

  private static CapturedInference withRequestId(CapturedInference r, String requestId) {
    return new CapturedInference(
        requestId,
        r.endpoint(),
        r.variant(),
        r.modelGroup(),
        r.version(),
        r.timestamp(),
        r.latencyMs(),
        r.overheadMs(),
        r.status(),
        r.features(),
        r.prediction(),
        r.sampleRate(),
        r.shadow());
  }

  @Override
  public int purgeBefore(java.time.Instant cutoff) {
    return jdbc.sql("delete from captures where captured_at < :cutoff")
        .param("cutoff", JdbcWindows.utc(cutoff))
        .update();
  }

  private static final String SELECT =
      """
      select c.request_id, w.endpoint, w.variant, w.model_group, w.version, c.captured_at,
             c.latency_ms, c.overhead_ms, c.status, c.features::text as features,
             c.prediction, c.sample_rate, c.shadow::text as shadow
      from captures c join windows w on w.id = c.window_id
      where c.window_id = ? order by c.captured_at, c.request_id
      """;

  @Override
  public List<CapturedInference> of(UUID windowId) {
    return streaming.query(SELECT, (rs, n) -> map(rs), windowId);
  }

  @SuppressWarnings("unchecked")
  private CapturedInference map(java.sql.ResultSet rs) throws java.sql.SQLException {
    Object prediction = rs.getObject("prediction");
    Object sampleRate = rs.getObject("sample_rate");
    String shadow = rs.getString("shadow");
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
        prediction == null ? null : ((Number) prediction).doubleValue(),
        sampleRate == null ? null : ((Number) sampleRate).doubleValue(),
        shadow == null ? null : json.readValue(shadow, ShadowResult.class));
  }
}
