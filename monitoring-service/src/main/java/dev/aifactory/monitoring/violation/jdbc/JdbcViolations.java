package dev.aifactory.monitoring.violation.jdbc;

import dev.aifactory.monitoring.Page;
import dev.aifactory.monitoring.violation.Violation;
import dev.aifactory.monitoring.violation.Violations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcViolations implements Violations {

  private final JdbcClient jdbc;

  JdbcViolations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void record(Violation v) {
    jdbc.sql(
            """
            insert into violations (id, team, endpoint, model_group, version, window_id, kind,
                                    subject, detail, count, occurred_at)
            values (:id, :team, :endpoint, :group, :version, :window, :kind, :subject, :detail,
                    :count, :at)
            """)
        .param("id", v.id())
        .param("team", v.team())
        .param("endpoint", v.endpoint())
        .param("group", v.modelGroup())
        .param("version", v.version())
        .param("window", v.windowId())
        .param("kind", v.kind().name())
        .param("subject", v.subject())
        .param("detail", v.detail())
        .param("count", v.count())
        .param("at", OffsetDateTime.ofInstant(v.occurredAt(), ZoneOffset.UTC))
        .update();
  }

  @Override
  public Page<Violation> list(Filter filter, int page, int size) {
    String where =
        " where team = :team and (cast(:endpoint as text) is null or endpoint = :endpoint)"
            + " and (cast(:kind as text) is null or kind = :kind)";
    String kind = filter.kind() == null ? null : filter.kind().name();
    long total =
        jdbc.sql("select count(*) from violations" + where)
            .param("team", filter.team())
            .param("endpoint", filter.endpoint())
            .param("kind", kind)
            .query(Long.class)
            .single();
    List<Violation> items =
        jdbc.sql(
                "select * from violations"
                    + where
                    + " order by occurred_at desc, id limit :limit offset :offset")
            .param("team", filter.team())
            .param("endpoint", filter.endpoint())
            .param("kind", kind)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(JdbcViolations::map)
            .list();
    return new Page<>(items, page, size, total);
  }

  private static Violation map(ResultSet rs, int row) throws SQLException {
    return new Violation(
        rs.getObject("id", UUID.class),
        rs.getString("team"),
        rs.getString("endpoint"),
        rs.getString("model_group"),
        rs.getObject("version", Integer.class),
        rs.getObject("window_id", UUID.class),
        Violation.Kind.valueOf(rs.getString("kind")),
        rs.getString("subject"),
        rs.getString("detail"),
        rs.getObject("count", Long.class),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
  }
}
