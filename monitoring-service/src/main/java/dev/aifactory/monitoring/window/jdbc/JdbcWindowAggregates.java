package dev.aifactory.monitoring.window.jdbc;

import dev.aifactory.monitoring.window.WindowAggregates;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcWindowAggregates implements WindowAggregates {

  private final JdbcClient jdbc;

  JdbcWindowAggregates(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<byte[]> lock(UUID windowId) {
    // The empty row first, so two first batches of a window queue on it instead of both inserting.
    jdbc.sql(
            "insert into window_aggregates (window_id) values (:id) on conflict (window_id) do nothing")
        .param("id", windowId)
        .update();
    return jdbc.sql("select state from window_aggregates where window_id = :id for update")
        .param("id", windowId)
        .query((rs, n) -> Optional.ofNullable(rs.getBytes("state")))
        .single();
  }

  @Override
  public Optional<byte[]> find(UUID windowId) {
    return jdbc.sql("select state from window_aggregates where window_id = :id")
        .param("id", windowId)
        .query((rs, n) -> Optional.ofNullable(rs.getBytes("state")))
        .optional()
        .flatMap(state -> state);
  }

  @Override
  public void save(UUID windowId, byte[] state) {
    jdbc.sql(
            "update window_aggregates set state = :state, updated_at = now() where window_id = :id")
        .param("state", state)
        .param("id", windowId)
        .update();
  }

  @Override
  public void delete(UUID windowId) {
    jdbc.sql("delete from window_aggregates where window_id = :id").param("id", windowId).update();
  }
}
