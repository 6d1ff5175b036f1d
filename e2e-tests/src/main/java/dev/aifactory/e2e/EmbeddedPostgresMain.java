package dev.aifactory.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher's fallback on machines without PostgreSQL: a real PostgreSQL server from the zonky
 * embedded binaries, with the {@code aifactory} role and databases, kept until killed.
 */
public final class EmbeddedPostgresMain {

  public static void main(String[] args) throws Exception {
    int port = 5432;
    Path dir = Path.of(".run/pgdata");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      ResultSet role = s.executeQuery("select 1 from pg_roles where rolname = 'aifactory'");
      if (!role.next()) {
        s.execute("create role aifactory login password 'aifactory' createdb");
      }
      for (String db : new String[] {"aifactory", "aifactory_test"}) {
        ResultSet exists = s.executeQuery("select 1 from pg_database where datname = '" + db + "'");
        if (!exists.next()) {
          s.execute("create database " + db + " owner aifactory");
        }
      }
    }
    System.out.println(
        "embedded PostgreSQL ready on port " + port + ", data in " + dir.toAbsolutePath());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                  } catch (Exception e) {
                    System.err.println("stopping embedded PostgreSQL: " + e.getMessage());
                  }
                }));
    new CountDownLatch(1).await();
  }
}
