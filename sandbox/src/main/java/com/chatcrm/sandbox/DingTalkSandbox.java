package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.body;
import static com.chatcrm.sandbox.SandboxJson.error;
import static com.chatcrm.sandbox.SandboxJson.ok;
import static com.chatcrm.sandbox.SandboxJson.parseLong;
import static com.chatcrm.sandbox.SandboxJson.randomHex;

import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.dingtalk.DingTalkRobotSign;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A local stand-in for DingTalk's server APIs — the new one (api.dingtalk.com, token in a header)
 * and the legacy one (oapi.dingtalk.com, {@code ?access_token=}) on one base URL, since their paths
 * do not overlap — plus the robots' session webhooks and custom group-robot webhooks. Same paths,
 * fields and error shapes as platforms.md §3; it records every call and can be told to expire
 * tokens, throttle, fail or answer slowly. Its directory can be changed, so org events have
 * something to sync. Interactive cards are created, delivered (once per outTrackId) and updated,
 * and kept so tests can look at them.
 */
public final class DingTalkSandbox {

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

  private final Vertx vertx;
  private final Map<String, SandboxDingTalkCorp> corps = new ConcurrentHashMap<>();
  private final Map<String, Map<Long, SandboxCorp.Department>> departments =
      new ConcurrentHashMap<>();
  private final Map<String, Map<String, SandboxCorp.Member>> members = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, String[]> authCodes = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> customRobots = new ConcurrentHashMap<>();
  private final SandboxCallLog calls = new SandboxCallLog();
  private final SandboxFaults faults = new SandboxFaults();
  private final Map<String, String> streamTickets = new ConcurrentHashMap<>();
  private final Map<String, ServerWebSocket> streams = new ConcurrentHashMap<>();
  private final Map<String, Promise<JsonObject>> streamAcks = new ConcurrentHashMap<>();
  private final AtomicLong streamOpens = new AtomicLong();
  private final Map<String, JsonObject> cards = new ConcurrentHashMap<>();
  private final Map<String, JsonArray> streamSubscriptions = new ConcurrentHashMap<>();

  private record Token(String corpId, Instant expiresAt) {}

  /** A robot conversation's session webhook: where it posts, and until when. */
  public record Session(String corpId, String conversationId, Instant expiresAt) {}

  public DingTalkSandbox(Vertx vertx) {
    this.vertx = vertx;
  }

  public DingTalkSandbox addCorp(SandboxDingTalkCorp corp) {
    corps.put(corp.corpId(), corp);
    Map<Long, SandboxCorp.Department> depts = new ConcurrentHashMap<>();
    corp.departments().forEach(d -> depts.put(d.id(), d));
    departments.put(corp.corpId(), depts);
    Map<String, SandboxCorp.Member> people = new ConcurrentHashMap<>();
    corp.members().forEach(m -> people.put(m.userId(), m));
    members.put(corp.corpId(), people);
    return this;
  }

  public SandboxDingTalkCorp corp(String corpId) {
    return corps.get(corpId);
  }

  public SandboxFaults faults() {
    return faults;
  }

  /**
   * Adds or changes a member of a company's directory (then post user_add_org / user_modify_org).
   */
  public void putMember(String corpId, SandboxCorp.Member member) {
    members.get(corpId).put(member.userId(), member);
  }

  /** Removes a member (then post user_leave_org). */
  public void removeMember(String corpId, String userId) {
    members.get(corpId).remove(userId);
  }

  /** Adds or renames a department (then post org_dept_create / org_dept_modify). */
  public void putDepartment(String corpId, SandboxCorp.Department department) {
    departments.get(corpId).put(department.id(), department);
  }

  /** Every token issued so far stops working, as when DingTalk invalidates tokens early. */
  public void expireTokens() {
    tokens.replaceAll((k, t) -> new Token(t.corpId(), Instant.EPOCH));
  }

  /** A one-time auth code (免登 code) for a member, as {@code dd.getAuthCode} hands the mini-app. */
  public String issueAuthCode(String corpId, String userId) {
    String code = randomHex(16);
    authCodes.put(code, new String[] {corpId, userId});
    return code;
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

  /** Calls received after {@code afterSeq}, oldest first. */
  public List<SandboxCall> calls(long afterSeq) {
    return calls.after(afterSeq);
  }

  /** Calls to one API path, e.g. {@code /v1.0/robot/oToMessages/batchSend}. */
  public List<SandboxCall> calls(String path) {
    return calls.to(path);
  }

  /**
   * An interactive card as it stands: {@code openSpaceId}, {@code callbackType}, {@code
   * callbackRouteKey} and {@code cardParamMap} after every update; null when no card has this
   * outTrackId.
   */
  public JsonObject card(String outTrackId) {
    JsonObject card = cards.get(outTrackId);
    return card == null ? null : card.copy();
  }

  /**
   * A click on a card button down the stream, as DingTalk pushes card callbacks to a Stream-mode
   * app — only to one whose connection subscribed to the card topic.
   */
  public Future<JsonObject> streamCardCallback(
      String corpId, String messageId, JsonObject callback) {
    String topic = "/v1.0/card/instances/callback";
    if (streamSubscriptions.getOrDefault(corpId, new JsonArray()).stream()
        .noneMatch(o -> o instanceof JsonObject sub && topic.equals(sub.getString("topic")))) {
      return Future.failedFuture("the stream of " + corpId + " did not subscribe to " + topic);
    }
    return streamPush(
        corpId, "CALLBACK", messageId, new JsonObject().put("topic", topic), callback.encode());
  }

  /** The sequence number of the latest call (0 before any). */
  public long lastSeq() {
    return calls.lastSeq();
  }

  // ------------------------------------------------------------------ Stream mode gateway stand-in

  /** Whether a company's app holds a stream connection now. */
  public boolean streamConnected(String corpId) {
    ServerWebSocket ws = streams.get(corpId);
    return ws != null && !ws.isClosed();
  }

  /** How many times a stream connection was opened (connections/open answered). */
  public long streamOpens() {
    return streamOpens.get();
  }

  /**
   * Pushes a frame down a company's stream, as DingTalk does; answers the client's ack frame. Push
   * the same {@code messageId} again to play a redelivery.
   */
  public Future<JsonObject> streamPush(
      String corpId, String type, String messageId, JsonObject headers, String data) {
    ServerWebSocket ws = streams.get(corpId);
    if (ws == null || ws.isClosed()) {
      return Future.failedFuture("no stream connection for " + corpId);
    }
    Promise<JsonObject> ack = Promise.promise();
    streamAcks.put(messageId, ack);
    JsonObject h =
        headers
            .copy()
            .put("messageId", messageId)
            .put("contentType", "application/json")
            .put("time", Long.toString(System.currentTimeMillis()));
    ws.writeTextMessage(
        new JsonObject()
            .put("specVersion", "1.0")
            .put("type", type)
            .put("headers", h)
            .put("data", data)
            .encode());
    return ack.future();
  }

  /** A robot message down the stream (data = the same JSON as the HTTP callback body). */
  public Future<JsonObject> streamBotMessage(String corpId, String messageId, JsonObject message) {
    return streamPush(
        corpId,
        "CALLBACK",
        messageId,
        new JsonObject().put("topic", "/v1.0/im/bot/messages/get"),
        message.encode());
  }

  /**
   * An event down the stream: {@code headers.eventType/eventId/eventCorpId} and lower-camel data.
   */
  public Future<JsonObject> streamEvent(
      String corpId, String eventType, String eventId, JsonObject data) {
    return streamPush(
        corpId,
        "EVENT",
        "evt-msg-" + eventId,
        new JsonObject()
            .put("topic", "*")
            .put("eventType", eventType)
            .put("eventId", eventId)
            .put("eventCorpId", corpId)
            .put("eventBornTime", Long.toString(System.currentTimeMillis())),
        data.encode());
  }

  /** The gateway tells the client it will drop the connection (the client should reconnect). */
  public void streamDisconnect(String corpId) {
    ServerWebSocket ws = streams.get(corpId);
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(
          new JsonObject()
              .put("specVersion", "1.0")
              .put("type", "SYSTEM")
              .put(
                  "headers",
                  new JsonObject().put("topic", "disconnect").put("messageId", randomHex(8)))
              .put("data", "{\"reason\":\"sandbox\"}")
              .encode());
      vertx.setTimer(
          500,
          id -> {
            if (!ws.isClosed()) {
              ws.close();
            }
          });
    }
  }

  private void openStream(RoutingContext ctx) {
    String corpId = streamTickets.remove(String.valueOf(ctx.request().getParam("ticket")));
    if (corpId == null) {
      ctx.response().setStatusCode(401).end("invalid ticket");
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(
            ws -> {
              ServerWebSocket previous = streams.put(corpId, ws);
              if (previous != null && !previous.isClosed()) {
                previous.close();
              }
              ws.textMessageHandler(
                  text -> {
                    JsonObject ack = new JsonObject(text);
                    String id =
                        ack.getJsonObject("headers", new JsonObject()).getString("messageId");
                    Promise<JsonObject> waiting = id == null ? null : streamAcks.remove(id);
                    if (waiting != null) {
                      waiting.complete(ack);
                    }
                  });
            });
  }

  private Reply connectionsOpen(RoutingContext ctx) {
    JsonObject body = body(ctx);
    SandboxDingTalkCorp corp = body == null ? null : corpByAppKey(body.getString("clientId"));
    if (corp == null || !corp.appSecret().equals(body.getString("clientSecret"))) {
      return Reply.error(401, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
    }
    String ticket = randomHex(16);
    streamTickets.put(ticket, corp.corpId());
    streamSubscriptions.put(
        corp.corpId(), body.getJsonArray("subscriptions", new JsonArray()).copy());
    streamOpens.incrementAndGet();
    String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint().replaceAll("/$", "");
    return Reply.ok(
        new JsonObject()
            .put("endpoint", "ws://" + ctx.request().authority() + mount + "/gateway/stream")
            .put("ticket", ticket));
  }

  public Router router() {
    Router r = Router.router(vertx);
    // before the body handler: a WebSocket upgrade has no body to read
    r.get("/gateway/stream").handler(this::openStream);
    r.route().handler(BodyHandler.create().setBodyLimit(2 * 1024 * 1024));
    r.post("/v1.0/gateway/connections/open").handler(ctx -> answerNew(ctx, this::connectionsOpen));
    r.post("/v1.0/oauth2/accessToken").handler(ctx -> answerNew(ctx, this::accessToken));
    r.post("/v1.0/robot/oToMessages/batchSend")
        .handler(ctx -> answerNew(ctx, withHeaderToken(this::batchSend)));
    r.post("/v1.0/robot/groupMessages/send")
        .handler(ctx -> answerNew(ctx, withHeaderToken(this::groupSend)));
    r.post("/v1.0/card/instances/createAndDeliver")
        .handler(ctx -> answerNew(ctx, withHeaderToken(this::createCard)));
    r.put("/v1.0/card/instances").handler(ctx -> answerNew(ctx, withHeaderToken(this::updateCard)));
    r.get("/gettoken").handler(ctx -> answerLegacy(ctx, this::legacyToken));
    r.post("/topapi/message/corpconversation/asyncsend_v2")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(this::workNotice)));
    r.post("/topapi/v2/department/listsub")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(this::listSub)));
    r.post("/topapi/v2/department/get")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(this::department)));
    r.post("/topapi/v2/user/list")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(this::userList)));
    r.post("/topapi/v2/user/get").handler(ctx -> answerLegacy(ctx, withQueryToken(this::user)));
    r.post("/topapi/v2/user/getuserinfo")
        .handler(ctx -> answerLegacy(ctx, withQueryToken(this::authUser)));
    r.get("/get_jsapi_ticket").handler(ctx -> answerLegacy(ctx, withQueryToken(this::ticket)));
    r.post("/robot/sendBySession").handler(ctx -> answerLegacy(ctx, this::sessionSend));
    r.post("/robot/send").handler(ctx -> answerLegacy(ctx, this::customRobotSend));
    r.get("/_calls")
        .handler(
            ctx -> {
              long after = parseLong(ctx.request().getParam("after"), 0);
              JsonArray out = new JsonArray();
              calls(after).forEach(c -> out.add(c.toJson()));
              ctx.json(new JsonObject().put("calls", out));
            });
    return r;
  }

  /** An answer of the new API: HTTP status and JSON body. */
  private record Reply(int status, JsonObject body) {
    static Reply ok(JsonObject body) {
      return new Reply(200, body);
    }

    static Reply error(int status, String code, String message) {
      return new Reply(
          status,
          new JsonObject()
              .put("code", code)
              .put("message", message)
              .put("requestid", randomHex(8)));
    }
  }

  private void answerNew(RoutingContext ctx, Function<RoutingContext, Reply> handler) {
    later(
        () -> {
          if (faults.takeServerError()) {
            record(ctx, new JsonObject().put("http", 502));
            ctx.response().setStatusCode(502).end("Bad Gateway");
            return;
          }
          Reply reply =
              faults.takeRateLimit()
                  ? Reply.error(400, "send.too.fast", "发送太快，请稍后再试")
                  : handler.apply(ctx);
          record(ctx, reply.body().copy().put("httpStatus", reply.status()));
          ctx.response()
              .setStatusCode(reply.status())
              .putHeader("content-type", "application/json")
              .end(reply.body().encode());
        });
  }

  private void answerLegacy(RoutingContext ctx, Function<RoutingContext, JsonObject> handler) {
    later(
        () -> {
          if (faults.takeServerError()) {
            record(ctx, new JsonObject().put("http", 502));
            ctx.response().setStatusCode(502).end("Bad Gateway");
            return;
          }
          JsonObject answer =
              faults.takeRateLimit() ? error(90002, "api freq out of limit") : handler.apply(ctx);
          record(ctx, answer);
          ctx.json(answer);
        });
  }

  private void later(Runnable reply) {
    long delay = faults.delayMillis();
    if (delay > 0) {
      vertx.setTimer(delay, id -> reply.run());
    } else {
      reply.run();
    }
  }

  private Function<RoutingContext, Reply> withHeaderToken(
      BiFunction<SandboxDingTalkCorp, RoutingContext, Reply> h) {
    return ctx -> {
      String value = ctx.request().getHeader("x-acs-dingtalk-access-token");
      if (value == null) {
        return Reply.error(400, "MissingParameter", "x-acs-dingtalk-access-token is required");
      }
      Token token = tokens.get(value);
      if (token == null || token.expiresAt().isBefore(Instant.now())) {
        return Reply.error(400, "InvalidAuthentication", "不合法的access_token");
      }
      return h.apply(corps.get(token.corpId()), ctx);
    };
  }

  private Function<RoutingContext, JsonObject> withQueryToken(
      BiFunction<SandboxDingTalkCorp, RoutingContext, JsonObject> h) {
    return ctx -> {
      String value = ctx.request().getParam("access_token");
      Token token = value == null ? null : tokens.get(value);
      if (token == null || token.expiresAt().isBefore(Instant.now())) {
        // topapi wraps token errors as errcode 88 with sub_code 40014; older paths answer 40014
        // directly
        return ctx.normalizedPath().contains("/topapi/")
            ? error(88, "不合法的access_token")
                .put("sub_code", "40014")
                .put("sub_msg", "不合法的access_token")
            : error(40014, "不合法的access_token");
      }
      return h.apply(corps.get(token.corpId()), ctx);
    };
  }

  private Reply accessToken(RoutingContext ctx) {
    JsonObject body = body(ctx);
    SandboxDingTalkCorp corp = body == null ? null : corpByAppKey(body.getString("appKey"));
    if (corp == null || !corp.appSecret().equals(body.getString("appSecret"))) {
      return Reply.error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
    }
    return Reply.ok(new JsonObject().put("accessToken", issueToken(corp)).put("expireIn", 7200));
  }

  private JsonObject legacyToken(RoutingContext ctx) {
    SandboxDingTalkCorp corp = corpByAppKey(ctx.request().getParam("appkey"));
    if (corp == null || !corp.appSecret().equals(ctx.request().getParam("appsecret"))) {
      return error(40096, "不合法的appKey或appSecret的组合");
    }
    return ok().put("access_token", issueToken(corp)).put("expires_in", 7200);
  }

  private String issueToken(SandboxDingTalkCorp corp) {
    String token = randomHex(16);
    tokens.put(token, new Token(corp.corpId(), Instant.now().plusSeconds(7200)));
    return token;
  }

  private SandboxDingTalkCorp corpByAppKey(String appKey) {
    return corps.values().stream().filter(c -> c.appKey().equals(appKey)).findFirst().orElse(null);
  }

  /**
   * Checks robotCode, msgKey and that msgParam is a JSON string (not an object), as DingTalk does.
   */
  private static Reply checkMessage(SandboxDingTalkCorp corp, JsonObject body) {
    if (body == null || !corp.robotCode().equals(body.getString("robotCode"))) {
      return Reply.error(400, "invalidParameter.robotCode.invalid", "robotCode 不合法");
    }
    if (!MSG_KEYS.contains(body.getString("msgKey", ""))) {
      return Reply.error(400, "invalidParameter.msgKey.invalid", "msgKey 不合法");
    }
    if (!(body.getValue("msgParam") instanceof String param)) {
      return Reply.error(400, "invalidParameter.msgParam.invalid", "msgParam 必须是 JSON 字符串");
    }
    try {
      new JsonObject(param);
    } catch (RuntimeException e) {
      return Reply.error(400, "invalidParameter.msgParam.invalid", "msgParam 不是合法的 JSON");
    }
    return null;
  }

  private Reply batchSend(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    Reply invalid = checkMessage(corp, body);
    if (invalid != null) {
      return invalid;
    }
    JsonArray userIds = body.getJsonArray("userIds", new JsonArray());
    if (userIds.isEmpty() || userIds.size() > 20) {
      return Reply.error(400, "invalidParameter.userIds.invalid", "userIds 须为 1 到 20 个");
    }
    JsonArray unknown = new JsonArray();
    userIds.forEach(
        u -> {
          if (!members.get(corp.corpId()).containsKey(String.valueOf(u))) {
            unknown.add(u);
          }
        });
    if (unknown.size() == userIds.size()) {
      return Reply.error(400, "staffId.notExisted", "员工不存在");
    }
    return Reply.ok(
        new JsonObject()
            .put("processQueryKey", randomHex(12))
            .put("invalidStaffIdList", unknown)
            .put("flowControlledStaffIdList", new JsonArray()));
  }

  private Reply groupSend(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    Reply invalid = checkMessage(corp, body);
    if (invalid != null) {
      return invalid;
    }
    if (body.getString("openConversationId", "").isBlank()) {
      return Reply.error(
          400, "invalidParameter.openConversationId.invalid", "openConversationId 不合法");
    }
    return Reply.ok(new JsonObject().put("processQueryKey", randomHex(12)));
  }

  /**
   * Checks what DingTalk checks (template, outTrackId, string-only params, a deliver model that
   * fits the open space, a route key for HTTP callbacks); a repeated outTrackId delivers nothing
   * new.
   */
  private Reply createCard(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null
        || body.getString("cardTemplateId", "").isBlank()
        || body.getString("outTrackId", "").isBlank()) {
      return Reply.error(400, "invalidParameter", "cardTemplateId 和 outTrackId 不能为空");
    }
    Reply badParams = checkCardParams(body);
    if (badParams != null) {
      return badParams;
    }
    String type = body.getString("callbackType", "STREAM");
    if ("HTTP".equals(type) && body.getString("callbackRouteKey", "").isBlank()) {
      return Reply.error(400, "invalidParameter.callbackRouteKey", "HTTP 回调须指定 callbackRouteKey");
    }
    String space = body.getString("openSpaceId", "");
    boolean robot = space.startsWith("dtv1.card//IM_ROBOT.");
    boolean group = space.startsWith("dtv1.card//IM_GROUP.");
    JsonObject deliver =
        body.getJsonObject(robot ? "imRobotOpenDeliverModel" : "imGroupOpenDeliverModel");
    if (!robot && !group
        || deliver == null
        || !corp.robotCode().equals(deliver.getString("robotCode"))
        || robot && !"IM_ROBOT".equals(deliver.getString("spaceType"))) {
      return Reply.error(400, "invalidParameter.openSpaceId", "openSpaceId 与投放模型不匹配");
    }
    String spaceId = space.substring(space.lastIndexOf('.') + 1);
    String outTrackId = body.getString("outTrackId");
    boolean known = !robot || members.get(corp.corpId()).containsKey(spaceId);
    if (known) {
      cards.putIfAbsent(
          outTrackId,
          new JsonObject()
              .put("corpId", corp.corpId())
              .put("openSpaceId", space)
              .put("cardTemplateId", body.getString("cardTemplateId"))
              .put("callbackType", type)
              .put("callbackRouteKey", body.getString("callbackRouteKey"))
              .put(
                  "cardParamMap",
                  body.getJsonObject("cardData").getJsonObject("cardParamMap").copy()));
    }
    JsonObject result =
        new JsonObject()
            .put("spaceType", robot ? "IM_ROBOT" : "IM_GROUP")
            .put("spaceId", spaceId)
            .put("success", known);
    if (known) {
      result.put("carrierId", "carrier-" + outTrackId);
    } else {
      result.put("errorMsg", "staffId.notExisted");
    }
    return Reply.ok(
        new JsonObject()
            .put("success", true)
            .put(
                "result",
                new JsonObject()
                    .put("outTrackId", outTrackId)
                    .put("deliverResults", new JsonArray().add(result))));
  }

  /** Replaces the given params of a card (all of them unless updateCardDataByKey). */
  private Reply updateCard(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    JsonObject card = body == null ? null : cards.get(body.getString("outTrackId", ""));
    if (card == null || !corp.corpId().equals(card.getString("corpId"))) {
      return Reply.error(400, "param.outTrackId.notExist", "卡片实例不存在");
    }
    Reply badParams = checkCardParams(body);
    if (badParams != null) {
      return badParams;
    }
    JsonObject params = body.getJsonObject("cardData").getJsonObject("cardParamMap");
    boolean byKey =
        body.getJsonObject("cardUpdateOptions", new JsonObject())
            .getBoolean("updateCardDataByKey", false);
    synchronized (card) {
      JsonObject updated =
          byKey ? card.getJsonObject("cardParamMap").copy().mergeIn(params) : params.copy();
      card.put("cardParamMap", updated).put("updates", card.getInteger("updates", 0) + 1);
    }
    return Reply.ok(new JsonObject().put("success", true).put("result", true));
  }

  private static Reply checkCardParams(JsonObject body) {
    Object data = body.getValue("cardData");
    Object params = data instanceof JsonObject d ? d.getValue("cardParamMap") : null;
    if (!(params instanceof JsonObject map)
        || map.stream().anyMatch(e -> !(e.getValue() instanceof String))) {
      return Reply.error(400, "invalidParameter.cardParamMap", "cardData.cardParamMap 的值必须都是字符串");
    }
    return null;
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
    return ok().put("task_id", calls.lastSeq() + 100000).put("request_id", randomHex(8));
  }

  private JsonObject listSub(SandboxDingTalkCorp corp, RoutingContext ctx) {
    long parent = body(ctx) == null ? 1 : body(ctx).getLong("dept_id", 1L);
    JsonArray out = new JsonArray();
    departments.get(corp.corpId()).values().stream()
        .filter(d -> d.parentId() == parent && d.id() != parent)
        .sorted((a, b) -> Long.compare(a.id(), b.id()))
        .forEach(
            d ->
                out.add(
                    new JsonObject()
                        .put("dept_id", d.id())
                        .put("name", d.name())
                        .put("parent_id", d.parentId())
                        .put("create_dept_group", false)
                        .put("auto_add_user", true)));
    return ok().put("result", out).put("request_id", randomHex(8));
  }

  private JsonObject department(SandboxDingTalkCorp corp, RoutingContext ctx) {
    long id = body(ctx) == null ? -1 : body(ctx).getLong("dept_id", -1L);
    SandboxCorp.Department d = departments.get(corp.corpId()).get(id);
    if (d == null) {
      return error(60003, "部门不存在");
    }
    JsonObject result = new JsonObject().put("dept_id", d.id()).put("name", d.name());
    if (d.parentId() != 0) {
      result.put("parent_id", d.parentId());
    }
    result.put(
        "dept_manager_userid_list",
        new JsonArray(
            members.get(corp.corpId()).values().stream()
                .filter(m -> m.leader() && m.departments().contains(id))
                .map(SandboxCorp.Member::userId)
                .sorted()
                .toList()));
    return ok().put("result", result);
  }

  private JsonObject userList(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx) == null ? new JsonObject() : body(ctx);
    long dept = body.getLong("dept_id", 1L);
    int cursor = body.getInteger("cursor", 0);
    int size = Math.max(1, Math.min(100, body.getInteger("size", 100)));
    List<SandboxCorp.Member> inDept =
        members.get(corp.corpId()).values().stream()
            .filter(m -> m.departments().contains(dept))
            .sorted((a, b) -> a.userId().compareTo(b.userId()))
            .toList();
    JsonArray list = new JsonArray();
    inDept.stream()
        .skip(cursor)
        .limit(size)
        .forEach(m -> list.add(userJson(m).put("leader", m.leader())));
    boolean more = cursor + size < inDept.size();
    JsonObject result = new JsonObject().put("has_more", more).put("list", list);
    if (more) {
      result.put("next_cursor", cursor + size);
    }
    return ok().put("result", result);
  }

  private JsonObject user(SandboxDingTalkCorp corp, RoutingContext ctx) {
    String userId = body(ctx) == null ? null : body(ctx).getString("userid");
    SandboxCorp.Member m = userId == null ? null : members.get(corp.corpId()).get(userId);
    if (m == null) {
      return error(60121, "找不到该用户");
    }
    JsonArray leaderIn = new JsonArray();
    m.departments()
        .forEach(d -> leaderIn.add(new JsonObject().put("dept_id", d).put("leader", m.leader())));
    return ok().put("result", userJson(m).put("leader_in_dept", leaderIn));
  }

  private static JsonObject userJson(SandboxCorp.Member m) {
    return new JsonObject()
        .put("userid", m.userId())
        .put("unionid", "union-" + m.userId())
        .put("name", m.name())
        .put("mobile", m.mobile())
        .put("dept_id_list", new JsonArray(m.departments()))
        .put("active", true);
  }

  private JsonObject authUser(SandboxDingTalkCorp corp, RoutingContext ctx) {
    String code = body(ctx) == null ? null : body(ctx).getString("code");
    String[] who = code == null ? null : authCodes.remove(code);
    if (who == null || !who[0].equals(corp.corpId())) {
      return error(40078, "不存在的临时授权码");
    }
    SandboxCorp.Member m = members.get(corp.corpId()).get(who[1]);
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

  private void record(RoutingContext ctx, JsonObject answer) {
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
    calls.add("dingtalk", ctx.request().method().name(), path, recorded, answer);
  }
}
