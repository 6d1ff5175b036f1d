package dev.aifactory.monitoring.window.jdbc;

import dev.aifactory.monitoring.window.WindowPartitions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcWindowPartitions implements WindowPartitions {

  /** Partition names are generated (windows_pYYYYMMDD); anything else is never put into DDL. */
  private static final Pattern NAME = Pattern.compile("windows_p[0-9]{8}");

  private final JdbcClient jdbc;

  JdbcWindowPartitions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Partition> list() {
    // PostgreSQL prints the bounds in its own literal syntax; it parses them back, too.
    return jdbc.sql(
            """
            select c.relname as name, b[1]::timestamptz as range_from, b[2]::timestamptz as range_to
            from pg_inherits i
            join pg_class c on c.oid = i.inhrelid
            cross join lateral regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                            'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') as b
            where i.inhparent = 'windows'::regclass and b is not null
            order by 2
            """)
        .query(
            (rs, n) ->
                new Partition(
                    rs.getString("name"),
                    rs.getObject("range_from", OffsetDateTime.class).toInstant(),
                    rs.getObject("range_to", OffsetDateTime.class).toInstant()))
        .list();
  }

  @Override
  public boolean create(Partition p) {
    check(p.name());
    boolean overlaps =
        list().stream().anyMatch(e -> e.from().isBefore(p.to()) && p.from().isBefore(e.to()));
    if (overlaps) {
      return false;
    }
    jdbc.sql(
            // if not exists: another instance's maintenance may have created it a moment ago
            "create table if not exists "
                + p.name()
                + " partition of windows for values from ('"
                + p.from()
                + "') to ('"
                + p.to()
                + "')")
        .update();
    return true;
  }

  @Override
  public int drop(Partition p) {
    check(p.name());
    String ids = "(select id from " + p.name() + ")";
    jdbc.sql("delete from captures where window_id in " + ids).update();
    jdbc.sql("delete from window_files where window_id in " + ids).update();
    jdbc.sql("delete from window_quality where window_id in " + ids).update();
    jdbc.sql("delete from quality_alerts where window_id in " + ids).update();
    int windows = jdbc.sql("select count(*) from " + p.name()).query(Integer.class).single();
    jdbc.sql("drop table if exists " + p.name()).update();
    return windows;
  }

  @Override
  public int purgeDefaultBefore(Instant cutoff) {
    String old = "(select id from windows_default where window_start < :cutoff)";
    OffsetDateTime at = JdbcWindows.utc(cutoff);
    jdbc.sql("delete from captures where window_id in " + old).param("cutoff", at).update();
    jdbc.sql("delete from window_files where window_id in " + old).param("cutoff", at).update();
    jdbc.sql("delete from window_quality where window_id in " + old).param("cutoff", at).update();
    jdbc.sql("delete from quality_alerts where window_id in " + old).param("cutoff", at).update();
    return jdbc.sql("delete from windows_default where window_start < :cutoff")
        .param("cutoff", at)
        .update();
  }

  @Override
  public int purgeRecordsBefore(Instant cutoff) {
    OffsetDateTime at = JdbcWindows.utc(cutoff);
    return jdbc.sql("delete from violations where occurred_at < :cutoff")
            .param("cutoff", at)
            .update()
        + jdbc.sql("delete from slo_samples where window_end < :cutoff")
            .param("cutoff", at)
            .update();
  }

  private static void check(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a window partition name: " + name);
    }
  }
}
