package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.gateway.xml.SafeXml;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The WeCom callback scenario's tables, set up by SQL for the recorded-rate conditions: months of
 * past callbacks (prefill), a backlog of callbacks waiting in the inbox, and which acknowledged
 * callbacks were recorded.
 */
final class CallbackTables {

  /**
   * Past callbacks are spread over the last 25 days: inside the inbox's and outbox's 30-day
   * retention, so that they are what a busy deployment holds, and the retention job does not delete
   * them during the run. Command replies are kept 2 days: only that share of them.
   */
  static final int PAST_DAYS = 25;

  static final int REPLY_DAYS = 2;

  /** Message ids of past callbacks: below the bench's own (the wall clock in microseconds). */
  private static final long PAST_MSG_ID = 1_000_000_000_000L;

  /**
   * Each table's rows are copies of the ones the scenario's earlier phases wrote through the
   * service (cycling over the first thousand of them), with their own message key and a time in the
   * past. {@code %1$d} is the row count, {@code %2$s} the template rows, {@code %3$s} the columns
   * written.
   */
  private static final String CLONE =
      """
      WITH tpl AS (SELECT row_number() OVER (ORDER BY id) - 1 AS i, * FROM (%2$s ORDER BY id LIMIT 1000) s),
           n AS (SELECT count(*) AS c FROM tpl)
      INSERT INTO %4$s
      SELECT %3$s
        FROM generate_series(1, %1$d) g
        CROSS JOIN n
        JOIN tpl ON tpl.i = g %% n.c
        CROSS JOIN LATERAL (SELECT 'msg:' || (%5$d + g) AS k,
                                   now() - make_interval(secs => %6$d * 86400.0 * (%1$d - g) / %1$d) - interval '1 hour' AS at) w
      """;

  private final DatabaseLocation db;

  CallbackTables(DatabaseLocation db) {
    this.db = db;
  }

  /**
   * Adds {@code rows} past 跟进 callbacks, all processed: as many follow-ups, inbox events (done),
   * outbox replies (sent) and audit entries, and the command replies of the last {@value
   * #REPLY_DAYS} days; then vacuums and analyzes those tables, as autovacuum would have after
   * months of traffic.
   */
  void prefill(long rows) throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        Statement s = c.createStatement()) {
      s.execute(
          clone(
              "follow_up (tenant_id, customer_id, author_id, method, content, happened_at, source,"
                  + " source_message_id, created_at)",
              "SELECT * FROM follow_up WHERE source = 'chat'",
              "tpl.tenant_id, tpl.customer_id, tpl.author_id, tpl.method, tpl.content, w.at, 'chat',"
                  + " w.k, w.at",
              rows,
              PAST_DAYS));
      s.execute(
          clone(
              "inbound_event (tenant_id, platform, platform_key, kind, sender, payload, status,"
                  + " attempts, next_attempt_at, received_at, processed_at)",
              "SELECT * FROM inbound_event WHERE kind = 'text'",
              "tpl.tenant_id, tpl.platform, w.k, tpl.kind, tpl.sender, tpl.payload, 'done', 1,"
                  + " w.at, w.at, w.at",
              rows,
              PAST_DAYS));
      s.execute(
          clone(
              "outbound_message (tenant_id, channel, recipient, payload, dedupe_key, status,"
                  + " attempts, next_attempt_at, platform_ref, created_at, sent_at, priority)",
              "SELECT * FROM outbound_message WHERE status = 'sent' AND dedupe_key LIKE 'reply:%'",
              "tpl.tenant_id, tpl.channel, tpl.recipient, tpl.payload, 'reply:' || tpl.channel ||"
                  + " ':' || w.k, 'sent', 1, w.at, tpl.platform_ref, w.at, w.at, tpl.priority",
              rows,
              PAST_DAYS));
      s.execute(
          clone(
              "audit_log (tenant_id, actor_id, action, entity_type, entity_id, source, source_ref,"
                  + " changes, at)",
              "SELECT * FROM audit_log WHERE entity_type = 'follow_up' AND source = 'chat'",
              "tpl.tenant_id, tpl.actor_id, tpl.action, tpl.entity_type, tpl.entity_id,"
                  + " tpl.source, w.k, tpl.changes, w.at",
              rows,
              PAST_DAYS));
      s.execute(
          clone(
              "command_reply (tenant_id, message_key, reply, created_at)",
              "SELECT *, 0 AS id FROM command_reply",
              "tpl.tenant_id, w.k, tpl.reply, w.at",
              rows * REPLY_DAYS / PAST_DAYS,
              REPLY_DAYS));
      s.execute(
          "VACUUM (ANALYZE) follow_up, inbound_event, outbound_message, audit_log, command_reply");
      // the prefill's dirty pages are written now, not by a checkpoint during the measurement
      s.execute("CHECKPOINT");
    }
  }

  private static String clone(String table, String template, String values, long rows, int days) {
    return String.format(Locale.ROOT, CLONE, rows, template, values, table, PAST_MSG_ID, days);
  }

  /** "300,000 follow-ups · 310,512 inbox events · …": the rows the conditions ran on. */
  String rowCounts() throws SQLException {
    return String.format(
        Locale.ROOT,
        "%,d follow-ups · %,d inbox events · %,d outbox messages · %,d audit entries · %,d command"
            + " replies",
        count("SELECT count(*) FROM follow_up"),
        count("SELECT count(*) FROM inbound_event"),
        count("SELECT count(*) FROM outbound_message"),
        count("SELECT count(*) FROM audit_log"),
        count("SELECT count(*) FROM command_reply"));
  }

  /**
   * Leaves exactly {@code size} callbacks waiting in the inbox: new 跟进 callbacks recorded in the
   * form the WeCom route records them (its payload: the plaintext's fields and the plaintext),
   * about the (member, customer) pairs of {@code targets}; or, when more are waiting, the newest
   * beyond {@code size} set aside as processed.
   */
  void backlog(long size, List<CallbackRequests.Target> targets) throws SQLException {
    long waiting = pending();
    if (waiting > size) {
      markDone(waiting - size);
      return;
    }
    SandboxCorp corp = SandboxCorps.huaxin();
    CallbackRequests.MessageIds ids = CallbackRequests.MessageIds.fromClock();
    long createTime = Instant.now().getEpochSecond();
    int chunk = 5_000;
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO inbound_event (tenant_id, platform, platform_key, kind, sender, payload)"
                    + " SELECT t.tenant_id, 'wecom', k, 'text', s, p::jsonb"
                    + " FROM unnest(?::text[], ?::text[], ?::text[]) AS u(k, s, p)"
                    + " JOIN tenant t ON t.platform = 'wecom' AND t.corp_id = ?")) {
      for (long done = 0; done < size - waiting; done += chunk) {
        int n = (int) Math.min(chunk, size - waiting - done);
        String[] keys = new String[n];
        String[] senders = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
          CallbackRequests.Target t = targets.get((int) ((done + i) % targets.size()));
          long msgId = ids.next();
          String plain = CallbackRequests.weComText(corp, t, msgId, createTime);
          JsonObject payload = new JsonObject();
          SafeXml.fields(plain).forEach(payload::put);
          keys[i] = CallbackRequests.weComKey(msgId);
          senders[i] = t.member();
          payloads[i] = payload.put("xml", plain).encode();
        }
        insert.setArray(1, c.createArrayOf("text", keys));
        insert.setArray(2, c.createArrayOf("text", senders));
        insert.setArray(3, c.createArrayOf("text", payloads));
        insert.setString(4, corp.corpId());
        insert.executeUpdate();
      }
    }
  }

  /**
   * Sets the newest {@code n} waiting callbacks aside as processed (all of them when {@code n} is
   * negative): between conditions, so that each starts with the backlog it names. Processing is
   * measured by the scenario's other phases.
   */
  long markDone(long n) throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE inbound_event SET status = 'done', processed_at = now()"
                    + " WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM inbound_event"
                    + " WHERE status = 'pending' ORDER BY id DESC LIMIT ?)")) {
      s.setLong(1, n < 0 ? Long.MAX_VALUE : n);
      return s.executeUpdate();
    }
  }

  long pending() throws SQLException {
    return count("SELECT count(*) FROM inbound_event WHERE status = 'pending'");
  }

  /** How many of the WeCom inbox keys listed in {@code keysFile} (one a line) have an inbox row. */
  long recorded(Path keysFile) throws Exception {
    String[] keys =
        Files.readAllLines(keysFile, StandardCharsets.UTF_8).stream()
            .filter(k -> !k.isBlank())
            .toArray(String[]::new);
    return count(
        "SELECT count(*) FROM inbound_event e JOIN tenant t USING (tenant_id)"
            + " WHERE t.platform = 'wecom' AND t.corp_id = ? AND e.platform = 'wecom'"
            + " AND e.platform_key = ANY (?)",
        SandboxCorps.huaxin().corpId(),
        keys);
  }

  /** A count; a {@code String[]} parameter is passed as a text array. */
  private long count(String sql, Object... params) throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        if (params[i] instanceof String[] array) {
          s.setArray(i + 1, c.createArrayOf("text", array));
        } else {
          s.setObject(i + 1, params[i]);
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
