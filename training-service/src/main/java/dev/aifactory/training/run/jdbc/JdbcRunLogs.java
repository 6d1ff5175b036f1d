package dev.aifactory.training.run.jdbc;

import dev.aifactory.training.run.RunLogs;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Repository
class JdbcRunLogs implements RunLogs {

  private static final Logger log = LoggerFactory.getLogger(JdbcRunLogs.class);

  /** A line longer than this is cut: logs are for people, not for dumping payloads. */
  static final int MAX_MESSAGE = 4000;

  private final JdbcClient jdbc;

  JdbcRunLogs(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  // Its own transaction: a line is visible while the run goes on and survives a rollback of the
  // outcome it describes (e.g. a registration that failed).
  @Override
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void append(UUID runId, Level level, String message) {
    try {
      String text =
          message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
      jdbc.sql("insert into run_logs (run_id, level, message) values (:run, :level, :message)")
          .param("run", runId)
          .param("level", level.name())
          .param("message", text)
          .update();
    } catch (RuntimeException e) {
      // A lost log line must never fail the run it describes.
      log.warn("Could not store a log line of run {}: {}", runId, e.getMessage());
    }
  }

  @Override
  @Transactional(readOnly = true)
  public Lines read(UUID runId, long offset, int limit) {
    long total =
        jdbc.sql("select count(*) from run_logs where run_id = :run")
            .param("run", runId)
            .query(Long.class)
            .single();
    List<Line> lines =
        jdbc.sql(
                """
                select at, level, message from run_logs where run_id = :run
                order by id offset :offset limit :limit
                """)
            .param("run", runId)
            .param("offset", offset)
            .param("limit", limit)
            .query(
                (rs, row) ->
                    new Line(
                        offset + row,
                        rs.getTimestamp("at").toInstant(),
                        Level.valueOf(rs.getString("level")),
                        rs.getString("message")))
            .list();
    return new Lines(lines, total);
  }
}
