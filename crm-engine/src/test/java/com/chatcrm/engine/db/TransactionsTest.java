package com.chatcrm.engine.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TransactionsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName(
      "a transaction whose connection the server ends (a restart) fails its work, and nothing is printed to standard error")
  void endedConnectionIsQuiet() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Future<Row> work =
          Transactions.run(
              db.pool(),
              conn ->
                  conn.query("SELECT pg_sleep(30)").execute().map(rows -> rows.iterator().next()));
      // as a database restart does: the session in the transaction is told it is terminated
      Thread.sleep(500);
      db.pool()
          .query(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  + " WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(30)%'")
          .execute()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      Throwable failure =
          work.toCompletionStage()
              .toCompletableFuture()
              .handle((r, e) -> e)
              .get(10, TimeUnit.SECONDS);
      assertThat(failure).as("the work failed").isNotNull();
      Thread.sleep(200);
    } finally {
      System.setErr(stderr);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
