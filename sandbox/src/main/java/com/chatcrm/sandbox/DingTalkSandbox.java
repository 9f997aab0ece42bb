package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.body;
import static com.chatcrm.sandbox.SandboxJson.error;
import static com.chatcrm.sandbox.SandboxJson.ok;
import static com.chatcrm.sandbox.SandboxJson.randomHex;

import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.dingtalk.DingTalkRobotSign;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A local stand-in for DingTalk's server APIs — the new one (api.dingtalk.com, token in a header)
 * and the legacy one (oapi.dingtalk.com, {@code ?access_token=}) on one base URL, since their paths
 * do not overlap — plus the robots' session webhooks and custom group-robot webhooks. Same paths,
 * fields and error shapes as platforms.md §3; it records every call and can be told to expire
 * tokens, throttle, fail or answer slowly. Its directory ({@link DingTalkDirectory}) can be
 * changed, so org events have something to sync; interactive cards are {@link DingTalkCards}'s, and
 * the Stream mode gateway is {@link #stream()}.
 */
public final class DingTalkSandbox extends PlatformSandbox<SandboxDingTalkCorp> {

  private static final Set<String> MSG_KEYS =
      Set.of(
          "sampleText",
          "sampleMarkdown",
          "sampleImageMsg",
          "sampleLink",
          "sampleActionCard",
          "sampleActionCard2",
          "sampleActionCard3",
          "sampleActionCard4",
          "sampleActionCard5",
          "sampleActionCard6");

  private final DingTalkDirectory directory = new DingTalkDirectory();
  private final DingTalkCards cards = new DingTalkCards(directory);
  private final DingTalkStream stream;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> customRobots = new ConcurrentHashMap<>();

  /** A robot conversation's session webhook: where it posts, and until when. */
  public record Session(String corpId, String conversationId, Instant expiresAt) {}

  public DingTalkSandbox(Vertx vertx) {
    super(vertx, "dingtalk");
    this.stream = new DingTalkStream(vertx, this::corpByAppKey);
  }

  public DingTalkSandbox addCorp(SandboxDingTalkCorp corp) {
    putCorp(corp);
    directory.add(corp);
    return this;
  }

  /**
   * Adds or changes a member of a company's directory (then post user_add_org / user_modify_org).
   */
  @Override
  public void putMember(String corpId, SandboxCompany.Member member) {
    directory.putMember(corpId, member);
  }

  /** Removes a member (then post user_leave_org). */
  @Override
  public void removeMember(String corpId, String userId) {
    directory.removeMember(corpId, userId);
  }

  /** Adds or renames a department (then post org_dept_create / org_dept_modify). */
  public void putDepartment(String corpId, SandboxCompany.Department department) {
    directory.putDepartment(corpId, department);
  }

  /**
   * Opens a robot conversation's session webhook; answers the session id for {@code
   * /robot/sendBySession}.
   */
  public String openSession(String corpId, String conversationId, Duration validFor) {
    String session = randomHex(16);
    sessions.put(session, new Session(corpId, conversationId, Instant.now().plus(validFor)));
    return session;
  }

  public Session session(String id) {
    return sessions.get(id);
  }

  /** Registers a custom group robot (access token → its SEC... signing secret). */
  public void addCustomRobot(String accessToken, String secret) {
    customRobots.put(accessToken, secret);
  }

  /**
   * An interactive card as it stands: {@code openSpaceId}, {@code callbackType}, {@code
   * callbackRouteKey} and {@code cardParamMap} after every update; null when no card has this
   * outTrackId.
   */
  public JsonObject card(String outTrackId) {
    return cards.card(outTrackId);
  }

  /** The Stream mode gateway: connections, and what is pushed down them. */
  public DingTalkStream stream() {
    return stream;
  }

  public Router router() {
    Router r = Router.router(vertx);
    // before the body handler: a WebSocket upgrade has no body to read
    r.get("/gateway/stream").handler(stream::openStream);
    r.route().handler(BodyHandler.create().setBodyLimit(2 * 1024 * 1024));
    r.post("/v1.0/gateway/connections/open")
        .handler(ctx -> answerNew(ctx, stream::connectionsOpen));
    r.post("/v1.0/oauth2/accessToken").handler(ctx -> answerNew(ctx, this::accessToken));
    r.post("/v1.0/robot/oToMessages/batchSend")
        .handler(ctx -> answerNew(ctx, withHeaderToken(this::batchSend)));
    r.post("/v1.0/robot/groupMessages/send")
        .handler(ctx -> answerNew(ctx, withHeaderToken(this::groupSend)));
    r.post("/v1.0/card/instances/createAndDeliver")
        .handler(ctx -> answerNew(ctx, withHeaderToken(cards::create)));
    r.put("/v1.0/card/instances").handler(ctx -> answerNew(ctx, withHeaderToken(cards::update)));
    r.get("/gettoken").handler(ctx -> answerLegacy(ctx, this::legacyToken));
    r.post("/topapi/message/corpconversation/asyncsend_v2")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(this::workNotice)));
    r.post("/topapi/v2/department/listsub")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(directory::listSub)));
    r.post("/topapi/v2/department/get")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(directory::department)));
    r.post("/topapi/v2/user/list")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(directory::userList)));
    r.post("/topapi/v2/user/get")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(directory::user)));
    r.post("/topapi/v2/user/getuserinfo")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(this::authUser)));
    r.get("/get_jsapi_ticket").handler(ctx -> answerLegacy(ctx, withQueryToken(this::ticket)));
    r.post("/robot/sendBySession").handler(ctx -> answerLegacy(ctx, this::sessionSend));
    r.post("/robot/send").handler(ctx -> answerLegacy(ctx, this::customRobotSend));
    mountCallLog(r);
    return r;
  }

  private void answerNew(RoutingContext ctx, Function<RoutingContext, DingTalkReply> handler) {
    later(
        ctx,
        () -> {
          DingTalkReply reply =
              rateLimitDue()
                  ? DingTalkReply.error(400, "send.too.fast", "发送太快，请稍后再试")
                  : handler.apply(ctx);
          record(ctx, reply.body().copy().put("httpStatus", reply.status()));
          ctx.response()
              .setStatusCode(reply.status())
              .putHeader("content-type", "application/json")
              .end(reply.body().encode());
        });
  }

  private void answerLegacy(RoutingContext ctx, Function<RoutingContext, JsonObject> handler) {
    answer(ctx, () -> error(90002, "api freq out of limit"), handler);
  }

  private Function<RoutingContext, DingTalkReply> withHeaderToken(
      BiFunction<SandboxDingTalkCorp, RoutingContext, DingTalkReply> h) {
    return ctx -> {
      String value = ctx.request().getHeader("x-acs-dingtalk-access-token");
      if (value == null) {
        return DingTalkReply.error(
            400, "MissingParameter", "x-acs-dingtalk-access-token is required");
      }
      Token token = token(value);
      if (token == null || token.expired()) {
        return DingTalkReply.error(400, "InvalidAuthentication", "不合法的access_token");
      }
      return h.apply(corp(token.corpId()), ctx);
    };
  }

  private Function<RoutingContext, JsonObject> withQueryToken(
      BiFunction<SandboxDingTalkCorp, RoutingContext, JsonObject> h) {
    return ctx -> {
      String value = ctx.request().getParam("access_token");
      Token token = token(value);
      if (token == null || token.expired()) {
        // topapi wraps token errors as errcode 88 with sub_code 40014; older paths answer 40014
        // directly
        return ctx.normalizedPath().contains("/topapi/")
            ? error(88, "不合法的access_token")
                .put("sub_code", "40014")
                .put("sub_msg", "不合法的access_token")
            : error(40014, "不合法的access_token");
      }
      return h.apply(corp(token.corpId()), ctx);
    };
  }

  private DingTalkReply accessToken(RoutingContext ctx) {
    JsonObject body = body(ctx);
    SandboxDingTalkCorp corp = body == null ? null : corpByAppKey(body.getString("appKey"));
    if (corp == null || !corp.appSecret().equals(body.getString("appSecret"))) {
      return DingTalkReply.error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
    }
    return DingTalkReply.ok(
        new JsonObject().put("accessToken", issueToken(corp, 16)).put("expireIn", 7200));
  }

  private JsonObject legacyToken(RoutingContext ctx) {
    SandboxDingTalkCorp corp = corpByAppKey(ctx.request().getParam("appkey"));
    if (corp == null || !corp.appSecret().equals(ctx.request().getParam("appsecret"))) {
      return error(40096, "不合法的appKey或appSecret的组合");
    }
    return ok().put("access_token", issueToken(corp, 16)).put("expires_in", 7200);
  }

  private SandboxDingTalkCorp corpByAppKey(String appKey) {
    return corps().stream().filter(c -> c.appKey().equals(appKey)).findFirst().orElse(null);
  }

  /**
   * Checks robotCode, msgKey and that msgParam is a JSON string (not an object), as DingTalk does.
   */
  private static DingTalkReply checkMessage(SandboxDingTalkCorp corp, JsonObject body) {
    if (body == null || !corp.robotCode().equals(body.getString("robotCode"))) {
      return DingTalkReply.error(400, "invalidParameter.robotCode.invalid", "robotCode 不合法");
    }
    if (!MSG_KEYS.contains(body.getString("msgKey", ""))) {
      return DingTalkReply.error(400, "invalidParameter.msgKey.invalid", "msgKey 不合法");
    }
    if (!(body.getValue("msgParam") instanceof String param)) {
      return DingTalkReply.error(400, "invalidParameter.msgParam.invalid", "msgParam 必须是 JSON 字符串");
    }
    try {
      new JsonObject(param);
    } catch (RuntimeException e) {
      return DingTalkReply.error(400, "invalidParameter.msgParam.invalid", "msgParam 不是合法的 JSON");
    }
    return null;
  }

  private DingTalkReply batchSend(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    DingTalkReply invalid = checkMessage(corp, body);
    if (invalid != null) {
      return invalid;
    }
    JsonArray userIds = body.getJsonArray("userIds", new JsonArray());
    if (userIds.isEmpty() || userIds.size() > 20) {
      return DingTalkReply.error(400, "invalidParameter.userIds.invalid", "userIds 须为 1 到 20 个");
    }
    JsonArray unknown = new JsonArray();
    userIds.forEach(
        u -> {
          if (directory.member(corp.corpId(), String.valueOf(u)) == null) {
            unknown.add(u);
          }
        });
    if (unknown.size() == userIds.size()) {
      return DingTalkReply.error(400, "staffId.notExisted", "员工不存在");
    }
    return DingTalkReply.ok(
        new JsonObject()
            .put("processQueryKey", randomHex(12))
            .put("invalidStaffIdList", unknown)
            .put("flowControlledStaffIdList", new JsonArray()));
  }

  private DingTalkReply groupSend(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    DingTalkReply invalid = checkMessage(corp, body);
    if (invalid != null) {
      return invalid;
    }
    if (body.getString("openConversationId", "").isBlank()) {
      return DingTalkReply.error(
          400, "invalidParameter.openConversationId.invalid", "openConversationId 不合法");
    }
    return DingTalkReply.ok(new JsonObject().put("processQueryKey", randomHex(12)));
  }

  private JsonObject workNotice(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null || body.getValue("msg") == null) {
      return error(40035, "缺少参数 msg");
    }
    if (!Objects.equals(
        String.valueOf(body.getValue("agent_id")), String.valueOf(corp.agentId()))) {
      return error(40056, "不合法的agentid");
    }
    if (body.getString("userid_list", "").isBlank()
        && body.getString("dept_id_list", "").isBlank()
        && !Boolean.TRUE.equals(body.getBoolean("to_all_user"))) {
      return error(40035, "userid_list、dept_id_list、to_all_user 须有其一");
    }
    return ok().put("task_id", lastSeq() + 100000).put("request_id", randomHex(8));
  }

  private JsonObject authUser(SandboxDingTalkCorp corp, RoutingContext ctx) {
    String code = body(ctx) == null ? null : body(ctx).getString("code");
    String[] who = takeAuthCode(code);
    if (who == null || !who[0].equals(corp.corpId())) {
      return error(40078, "不存在的临时授权码");
    }
    SandboxCompany.Member m = directory.member(corp.corpId(), who[1]);
    return ok().put(
            "result",
            new JsonObject()
                .put("userid", who[1])
                .put("unionid", "union-" + who[1])
                .put("name", m == null ? who[1] : m.name())
                .put("sys", false)
                .put("sys_level", 0));
  }

  private JsonObject ticket(SandboxDingTalkCorp corp, RoutingContext ctx) {
    return ok().put("ticket", "sandbox-dingtalk-ticket-" + corp.corpId()).put("expires_in", 7200);
  }

  private JsonObject sessionSend(RoutingContext ctx) {
    Session session = sessions.get(String.valueOf(ctx.request().getParam("session")));
    if (session == null) {
      return error(300005, "session 不存在");
    }
    if (session.expiresAt().isBefore(Instant.now())) {
      // the code real DingTalk uses here is unconfirmed (platforms.md §3.2 says only "non-zero")
      return error(300001, "session.expired");
    }
    JsonObject body = body(ctx);
    return body == null || body.getString("msgtype") == null ? error(40035, "缺少参数 msgtype") : ok();
  }

  private JsonObject customRobotSend(RoutingContext ctx) {
    String secret = customRobots.get(String.valueOf(ctx.request().getParam("access_token")));
    if (secret == null) {
      return error(300005, "token is not exist");
    }
    String timestamp = ctx.request().getParam("timestamp");
    String sign = ctx.request().getParam("sign");
    if (timestamp == null || sign == null) {
      return error(310000, "sign not match");
    }
    try {
      DingTalkRobotSign.verify(timestamp, sign, secret, System.currentTimeMillis());
    } catch (RuntimeException e) {
      return error(
          310000,
          e instanceof CallbackRejected r && "stale_timestamp".equals(r.code())
              ? "invalid timestamp"
              : "sign not match");
    }
    JsonObject body = body(ctx);
    return body == null || body.getString("msgtype") == null ? error(40035, "缺少参数 msgtype") : ok();
  }

  @Override
  protected void record(RoutingContext ctx, JsonObject answer) {
    JsonObject body = body(ctx);
    JsonObject recorded = body == null ? new JsonObject() : body.copy();
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> query.put(e.getKey(), e.getValue()));
    if (!query.isEmpty()) {
      recorded.put("_query", new JsonObject(new LinkedHashMap<>(query)));
    }
    String path = ctx.normalizedPath();
    String mount = ctx.mountPoint();
    if (mount != null && mount.length() > 1) {
      String m = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
      if (path.startsWith(m)) {
        path = path.substring(m.length());
      }
    }
    record(ctx.request().method().name(), path, recorded, answer);
  }
}
