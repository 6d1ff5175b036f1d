package dev.aifactory.monitoring.window.jdbc;

import dev.aifactory.monitoring.window.WindowFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcWindowFiles implements WindowFiles {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final JsonMapper json;

  JdbcWindowFiles(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
  }

  @Override
  public void save(UUID windowId, Map<String, Object> files) {
    List<Object[]> rows = new ArrayList<>();
    files.forEach(
        (name, doc) -> rows.add(new Object[] {windowId, name, json.writeValueAsString(doc)}));
    batch.batchUpdate(
        """
        insert into window_files (window_id, name, content) values (?, ?, cast(? as jsonb))
        on conflict (window_id, name) do update set content = excluded.content
        """,
        rows);
  }

  @Override
  public Optional<String> find(String team, UUID windowId, String name) {
    return jdbc.sql(
            """
            select f.content::text from window_files f join windows w on w.id = f.window_id
            where f.window_id = :id and f.name = :name and w.team = :team
            """)
        .param("id", windowId)
        .param("name", name)
        .param("team", team)
        .query(String.class)
        .optional();
  }
}
