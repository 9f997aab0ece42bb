package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The requests the load generator sends, by name: {@code wecom} and {@code dingtalk} build a fresh
 * 跟进 callback per request — unique message id, current timestamp, signed (WeCom: also encrypted)
 * with the sandbox company's fixed test secrets through the gateway's own simulators, so the server
 * does all the work a real callback costs. Each request is from one of the sandbox members about a
 * customer that member owns, in turn.
 */
public final class CallbackRequests {

  /**
   * What to post: a path with its query, headers and the body; {@code key} is the inbox key the
   * service records it under (WeCom: {@code msg:<MsgId>}), null where the bench does not track it.
   */
  public record Request(
      String uri, String contentType, String timestamp, String sign, Buffer body, String key) {}

  /** A sandbox member and one of the customers they own: who says 跟进 about whom. */
  public record Target(String member, String customer) {

    /** Every (member, customer they own) pair of a sandbox company, interleaved across members. */
    public static List<Target> owned(DatabaseLocation db, String platform, String corpId)
        throws SQLException {
      String sql =
          "SELECT u.platform_user_id, c.name FROM customer c"
              + " JOIN crm_user u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id"
              + " JOIN tenant t ON t.tenant_id = c.tenant_id"
              + " WHERE t.platform = ? AND t.corp_id = ? AND c.deleted_at IS NULL AND NOT c.in_pool"
              + " ORDER BY row_number() OVER (PARTITION BY c.owner_id ORDER BY c.id), c.owner_id";
      List<Target> out = new ArrayList<>();
      try (Connection c = BenchDatabase.connect(db);
          PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, platform);
        s.setString(2, corpId);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Target(rs.getString(1), rs.getString(2)));
          }
        }
      }
      return out;
    }

    static List<Target> read(Path file) throws IOException {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank())
          .map(l -> l.split("\t", 2))
          .map(p -> new Target(p[0], p[1]))
          .toList();
    }

    static String write(List<Target> targets) {
      StringBuilder sb = new StringBuilder();
      targets.forEach(t -> sb.append(t.member()).append('\t').append(t.customer()).append('\n'));
      return sb.toString();
    }
  }

  /**
   * A note long enough to look like a real one, without a date or amount the parser would pick up.
   */
  static final String NOTE = "电话沟通了报价，客户觉得价格偏高，希望再优惠一些，对方采购在比较两家供应商";

  private CallbackRequests() {}

  /**
   * @param platform {@code wecom} or {@code dingtalk}
   * @param serverBase where the service is, e.g. {@code http://127.0.0.1:8080}: DingTalk messages
   *     carry a session webhook under its sandbox
   */
  public static Supplier<Request> of(
      String platform, Vertx vertx, List<Target> targets, String serverBase) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no member owns a customer: nothing to follow up");
    }
    int[] next = {0};
    Supplier<Target> turn = () -> targets.get(next[0]++ % targets.size());
    return switch (platform) {
      case "wecom" -> wecom(turn);
      case "dingtalk" -> dingtalk(vertx, turn, serverBase);
      default ->
          throw new IllegalArgumentException(
              "unknown request factory " + platform + " (wecom, dingtalk)");
    };
  }

  private static Supplier<Request> wecom(Supplier<Target> turn) {
    SandboxCorp corp = SandboxCorps.huaxin();
    WeComCallbackSimulator sim = new WeComCallbackSimulator(null, null);
    MessageIds ids = MessageIds.fromClock();
    return () -> {
      Target t = turn.get();
      long msgId = ids.next();
      WeComCallbackSimulator.Callback cb =
          sim.build(corp, weComText(corp, t, msgId, Instant.now().getEpochSecond()));
      return new Request(
          "/callback/wecom/" + cb.corpId() + "?" + cb.query(),
          "text/xml; charset=utf-8",
          null,
          null,
          Buffer.buffer(cb.body()),
          weComKey(msgId));
    };
  }

  /**
   * The plaintext of a 跟进 text message as WeCom sends it (the simulator's own text message, with a
   * message id the bench chooses, so that it can look for the callbacks acknowledged to it).
   */
  static String weComText(SandboxCorp corp, Target t, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA["
        + corp.corpId()
        + "]]></ToUserName><FromUserName><![CDATA["
        + t.member()
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + "跟进 "
        + t.customer()
        + " "
        + NOTE
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId><AgentID>"
        + corp.agentId()
        + "</AgentID></xml>";
  }

  /** The service's inbox key of a WeCom message. */
  static String weComKey(long msgId) {
    return "msg:" + msgId;
  }

  /**
   * WeCom message ids unique across the JVMs of one run: each starts at the wall clock in
   * microseconds, and no JVM sends a million callbacks a second. Far below the simulator's own
   * range.
   */
  record MessageIds(AtomicLong last) {
    static MessageIds fromClock() {
      return new MessageIds(new AtomicLong(System.currentTimeMillis() * 1000));
    }

    long next() {
      return last.incrementAndGet();
    }
  }

  private static Supplier<Request> dingtalk(Vertx vertx, Supplier<Target> turn, String serverBase) {
    SandboxDingTalkCorp corp = SandboxCorps.dingyun();
    // The sessions this stand-in opens live only in this process: the webhook in each message is
    // therefore
    // already expired for the server, which answers through the OpenAPI (one sandbox call per
    // reply, as a
    // valid webhook would cost).
    DingTalkSandbox local = new DingTalkSandbox(vertx);
    DingTalkCallbackSimulator sim =
        new DingTalkCallbackSimulator(null, null, local, serverBase + "/sandbox/dingtalk");
    return () -> {
      Target t = turn.get();
      DingTalkCallbackSimulator.RobotCallback cb =
          sim.single(corp, t.member(), "跟进 " + t.customer() + " " + NOTE, Duration.ZERO);
      return new Request(
          "/callback/dingtalk/" + cb.corpId() + "/robot",
          "application/json; charset=utf-8",
          cb.timestamp(),
          cb.sign(),
          Buffer.buffer(cb.body().encode()),
          null);
    };
  }
}
