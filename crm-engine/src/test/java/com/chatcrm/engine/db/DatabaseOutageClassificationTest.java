package com.chatcrm.engine.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DatabaseOutageClassificationTest {

  @Test
  @DisplayName(
      "refused, reset (a crashed server) and terminated connections are an outage; a bad statement is not")
  void whatCountsAsAnOutage() {
    assertThat(DatabaseOutage.isUnavailable(new ConnectException("Connection refused"))).isTrue();
    assertThat(
            DatabaseOutage.isUnavailable(
                new VertxException(new SocketException("Connection reset"))))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnavailable(
                new PgException(
                    "terminating connection due to administrator command", "FATAL", "57P01", null)))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnavailable(
                new PgException("the database system is shutting down", "FATAL", "57P03", null)))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnavailable(
                new PgException(
                    "duplicate key value violates unique constraint", "ERROR", "23505", null)))
        .isFalse();
    assertThat(
            DatabaseOutage.isUnavailable(
                new VertxException("Connection is not active now, current status: CLOSED", true)))
        .isTrue();
    assertThat(DatabaseOutage.isUnavailable(new VertxException("Something else went wrong", true)))
        .isFalse();
    assertThat(DatabaseOutage.isUnavailable(new IllegalStateException("a bug"))).isFalse();
  }
}
