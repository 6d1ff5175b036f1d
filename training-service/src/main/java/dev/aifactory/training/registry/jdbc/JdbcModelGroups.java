package dev.aifactory.training.registry.jdbc;

import dev.aifactory.training.Page;
import dev.aifactory.training.registry.ModelGroup;
import dev.aifactory.training.registry.ModelGroups;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcModelGroups implements ModelGroups {

  private final JdbcClient jdbc;

  JdbcModelGroups(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public ModelGroup claim(String team, String name) {
    jdbc.sql("insert into model_groups (name, team) values (:name, :team) on conflict do nothing")
        .param("name", name)
        .param("team", team)
        .update();
    return find(name).orElseThrow();
  }

  @Override
  public Optional<ModelGroup> find(String name) {
    return jdbc.sql("select * from model_groups where name = :name")
        .param("name", name)
        .query(JdbcModelGroups::map)
        .optional();
  }

  @Override
  public Optional<ModelGroup> lock(String name) {
    return jdbc.sql("select * from model_groups where name = :name for update")
        .param("name", name)
        .query(JdbcModelGroups::map)
        .optional();
  }

  @Override
  public Page<ModelGroup> list(String team, int page, int size) {
    long total =
        jdbc.sql("select count(*) from model_groups where team = :team")
            .param("team", team)
            .query(Long.class)
            .single();
    return new Page<>(
        jdbc.sql(
                "select * from model_groups where team = :team order by name"
                    + " limit :limit offset :offset")
            .param("team", team)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(JdbcModelGroups::map)
            .list(),
        page,
        size,
        total);
  }

  @Override
  public Map<String, Integer> aliases(String name) {
    Map<String, Integer> aliases = new LinkedHashMap<>();
    jdbc.sql("select alias, version from model_aliases where model_group = :name order by alias")
        .param("name", name)
        .query((RowCallbackHandler) rs -> aliases.put(rs.getString("alias"), rs.getInt("version")));
    return aliases;
  }

  @Override
  public Optional<Integer> alias(String name, String alias) {
    return jdbc.sql(
            "select version from model_aliases where model_group = :name and alias = :alias")
        .param("name", name)
        .param("alias", alias)
        .query(Integer.class)
        .optional();
  }

  @Override
  public void setAlias(String name, String alias, int version) {
    jdbc.sql(
            """
            insert into model_aliases (model_group, alias, version) values (:name, :alias, :version)
            on conflict (model_group, alias)
            do update set version = excluded.version, updated_at = now()
            """)
        .param("name", name)
        .param("alias", alias)
        .param("version", version)
        .update();
  }

  private static ModelGroup map(ResultSet rs, int row) throws SQLException {
    return new ModelGroup(
        rs.getString("name"), rs.getString("team"), rs.getTimestamp("created_at").toInstant());
  }
}
