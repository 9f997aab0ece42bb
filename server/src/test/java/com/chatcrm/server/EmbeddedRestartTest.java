package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.config.ConfigException;
import com.chatcrm.config.ConfigLoader;
import com.chatcrm.config.CrmConfig;
import com.chatcrm.engine.db.DatabaseLocation;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the embedded database keeps its data across a stop and a start")
class EmbeddedRestartTest {

  @TempDir Path workDir;

  private CrmConfig config() {
    return new ConfigLoader(
            Map.of(
                "CRM_DB_EMBEDDED_DATA_DIR", workDir.resolve("pg").toString(),
                "CRM_HTTP_PORT", "0",
                "CRM_HTTP_SHUTDOWN_GRACE_SECONDS", "2"),
            new Properties())
        .load();
  }

  @Test
  void dataWrittenBeforeARestartIsThereAfterIt() throws Exception {
    CrmServer first = CrmServer.start(config());
    int firstPort = first.httpPort();
    try (Connection c = connect(first.database())) {
      c.createStatement()
          .execute(
              "INSERT INTO tenant (platform, corp_id, name) VALUES ('wecom', 'ww-restart', '重启测试有限公司')");
    }
    first.stop();
    assertThat(portAcceptsConnections(firstPort)).as("HTTP port closed after stop").isFalse();

    CrmServer second = CrmServer.start(config());
    try (Connection c = connect(second.database());
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT name FROM tenant WHERE corp_id = 'ww-restart'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("重启测试有限公司");
    } finally {
      second.stop();
    }
  }

  @Test
  @DisplayName("it is initialised with a UTF-8 locale, so trigram search sees Chinese characters")
  void utf8LocaleForChineseSearch() throws Exception {
    CrmServer server = CrmServer.start(config());
    try (Connection c = connect(server.database());
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT pg_encoding_to_char(encoding), datctype, "
                        + "array_length(show_trgm('华为技术'), 1) "
                        + "FROM pg_database WHERE datname = current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("UTF8");
      assertThat(rs.getString(2)).containsIgnoringCase("utf");
      assertThat(rs.getInt(3)).isGreaterThan(1);
    } finally {
      server.stop();
    }
  }

  @Test
  @DisplayName("a second server on the same data directory is refused and the first keeps running")
  void dataDirectoryInUse() throws Exception {
    CrmServer first = CrmServer.start(config());
    try {
      assertThatThrownBy(() -> CrmServer.start(config()))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("db.embedded.dataDir: cannot start the embedded PostgreSQL in ")
          .hasMessageContaining("in use by another server");
      try (Connection c = connect(first.database());
          ResultSet rs = c.createStatement().executeQuery("SHOW fsync")) {
        rs.next();
        assertThat(rs.getString(1))
            .as("the service's embedded database is durable")
            .isEqualTo("on");
      }
    } finally {
      first.stop();
    }
  }

  private static Connection connect(DatabaseLocation db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
  }

  private static boolean portAcceptsConnections(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
