package com.chatcrm.bench;

import com.chatcrm.engine.inbox.StorableText;
import com.chatcrm.gateway.wecom.WeComCallbackCrypto;
import com.chatcrm.gateway.xml.SafeXml;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A re-delivery storm after an outage, as the inbox holds it when the nodes come back: WeCom 跟进
 * text callbacks from the sandbox company's (member, customer they own) pairs in turn, each row
 * exactly what {@code WeComCallbackHandler} records for one. Each callback is built by the
 * gateway's simulator (signed and encrypted as WeCom sends it), opened with the company's keys by
 * the gateway's own crypto and read by its own XML parser, once per pair; the rows are those
 * records with a fresh MsgId each (in the fields and the plaintext), as the handler stores a
 * callback: key {@code msg:<MsgId>}, kind MsgType, sender FromUserName, payload the fields plus the
 * plaintext {@code xml}, cleaned by {@link StorableText}. Rows go in with COPY: seconds for
 * 240,000, where the HTTP path would also have to be kept from processing them while they arrive
 * (and building each through the crypto took 15 s per 24,000 on the loaded 2-core machine).
 */
final class StormBacklog {

  private static final Logger LOG = LoggerFactory.getLogger(StormBacklog.class);

  private static final String COPY =
      "COPY inbound_event (tenant_id, platform, platform_key, kind, sender, payload) FROM STDIN";

  /** Rows per COPY chunk: a few MB, not the whole backlog, in memory at once. */
  private static final int CHUNK = 5_000;

  /** What was recorded: the highest inbox id of the storm, and how long building it took. */
  record Recorded(long tenantId, long lastId, int count, double seconds) {}

  private StormBacklog() {}

  static Recorded record(Connection c, List<CallbackRequests.Target> targets, int count)
      throws Exception {
    long t0 = System.nanoTime();
    SandboxCorp corp = SandboxCorps.huaxin();
    long tenantId;
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT tenant_id FROM tenant WHERE platform = 'wecom' AND corp_id = ?")) {
      p.setString(1, corp.corpId());
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("the sandbox company " + corp.corpId() + " is missing");
        }
        tenantId = rs.getLong(1);
      }
    }
    List<Prototype> prototypes = prototypes(corp, targets);
    long t1 = System.nanoTime();
    // far from the simulator's ids (7.3e18 + ...), so the load's callbacks never meet the storm's
    long firstMsgId =
        7_400_000_000_000_000_000L + System.currentTimeMillis() % 1_000_000_000L * 1000;
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      StringBuilder chunk = new StringBuilder();
      for (int i = 0; i < count; i++) {
        Prototype p = prototypes.get(i % prototypes.size());
        String msgId = Long.toString(firstMsgId + i);
        JsonObject payload = p.payload().copy();
        payload.put("MsgId", msgId);
        payload.put(
            "xml",
            p.xml().replace("<MsgId>" + p.msgId() + "</MsgId>", "<MsgId>" + msgId + "</MsgId>"));
        // a text message's key, as the handler's Kind makes it
        row(
            chunk,
            tenantId,
            StorableText.clean("msg:" + msgId),
            p.kind(),
            p.sender(),
            StorableText.clean(payload).encode());
        if ((i + 1) % CHUNK == 0 || i + 1 == count) {
          byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
          copy.writeToCopy(bytes, 0, bytes.length);
          chunk.setLength(0);
        }
      }
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    long t2 = System.nanoTime();
    long lastId;
    try (Statement s = c.createStatement()) {
      // bulk-loaded rows: the planner gets their statistics now, not at autovacuum's next round
      s.execute("ANALYZE inbound_event");
      try (ResultSet rs = s.executeQuery("SELECT max(id) FROM inbound_event")) {
        rs.next();
        lastId = rs.getLong(1);
      }
    }
    long t3 = System.nanoTime();
    LOG.info(
        "storm: {} callbacks through the gateway's path in {} ms, {} rows copied in {} ms, analyzed in {} ms",
        prototypes.size(),
        (t1 - t0) / 1_000_000,
        count,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000);
    return new Recorded(tenantId, lastId, count, (t3 - t0) / 1e9);
  }

  /** One pair's callback as the handler records it, and its MsgId. */
  private record Prototype(
      String kind, String sender, JsonObject payload, String xml, String msgId) {}

  /**
   * Each pair's callback through the real path once: built and encrypted by the simulator, opened
   * by the gateway's crypto, read by its XML parser, the payload made as the handler makes it.
   */
  private static List<Prototype> prototypes(
      SandboxCorp corp, List<CallbackRequests.Target> targets) {
    WeComCallbackSimulator sim = new WeComCallbackSimulator(null, null);
    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), corp.corpId());
    List<Prototype> out = new ArrayList<>();
    for (CallbackRequests.Target t : targets) {
      WeComCallbackSimulator.Callback cb =
          sim.text(corp, t.member(), "跟进 " + t.customer() + " " + CallbackRequests.NOTE);
      Map<String, String> q = query(cb.query());
      String plain =
          crypto.open(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), cb.body());
      Map<String, String> fields = SafeXml.fields(plain);
      JsonObject payload = new JsonObject();
      fields.forEach(payload::put);
      out.add(
          new Prototype(
              StorableText.clean(fields.get("MsgType")),
              StorableText.clean(fields.get("FromUserName")),
              payload,
              plain,
              fields.get("MsgId")));
    }
    return out;
  }

  private static Map<String, String> query(String query) {
    Map<String, String> out = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  private static void row(StringBuilder sb, long tenantId, String... texts) {
    sb.append(tenantId).append("\twecom");
    for (String t : texts) {
      sb.append('\t');
      escape(sb, t);
    }
    sb.append('\n');
  }

  /** COPY's text format: backslash, tab and line ends escaped. */
  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
  }
}
