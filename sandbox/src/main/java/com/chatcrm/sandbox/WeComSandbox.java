package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.body;
import static com.chatcrm.sandbox.SandboxJson.error;
import static com.chatcrm.sandbox.SandboxJson.ok;
import static com.chatcrm.sandbox.SandboxJson.parseLong;
import static com.chatcrm.sandbox.SandboxJson.randomHex;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A local stand-in for WeCom's server API (https://qyapi.weixin.qq.com): the same paths,
 * parameters, JSON and error codes, for the companies it is given. It records every call and can be
 * told to expire tokens, rate-limit, fail or answer slowly. Mount {@link #router()} where the API
 * base URL points.
 */
public final class WeComSandbox extends PlatformSandbox<SandboxCorp> {

  /** errcode values as WeCom sends them. */
  static final int INVALID_SECRET = 40001;

  static final int INVALID_TOKEN = 40014;
  static final int TOKEN_EXPIRED = 42001;
  static final int FREQUENCY_LIMIT = 45009;
  static final int INVALID_CODE = 40029;
  static final int ALL_RECIPIENTS_INVALID = 81013;

  private final Map<String, String> responseCodes = new ConcurrentHashMap<>();

  /** Members added at run time (a load test's thousands of users), by corp id. */
  private final Map<String, Set<String>> addedMembers = new ConcurrentHashMap<>();

  public WeComSandbox(Vertx vertx) {
    super(vertx, "wecom");
  }

  public WeComSandbox addCorp(SandboxCorp corp) {
    putCorp(corp);
    return this;
  }

  /** Takes a member out of a company's directory, as when they leave (then post change_contact). */
  @Override
  public void removeMember(String corpId, String userId) {
    putCorp(withMembers(corp(corpId), m -> !m.userId().equals(userId), null));
  }

  /** Adds or changes a member of a company's directory (then post change_contact). */
  @Override
  public void putMember(String corpId, SandboxCompany.Member member) {
    putCorp(withMembers(corp(corpId), m -> !m.userId().equals(member.userId()), member));
  }

  private static SandboxCorp withMembers(
      SandboxCorp c,
      java.util.function.Predicate<SandboxCompany.Member> keep,
      SandboxCompany.Member added) {
    List<SandboxCompany.Member> members =
        new ArrayList<>(c.members().stream().filter(keep).toList());
    if (added != null) {
      members.add(added);
    }
    return new SandboxCorp(
        c.corpId(),
        c.name(),
        c.agentId(),
        c.secret(),
        c.callbackToken(),
        c.encodingAesKey(),
        c.departments(),
        List.copyOf(members));
  }

  /**
   * Makes {@code userIds} members of a company for sending, beside its directory: a load test
   * reaches thousands of users the fixed directory does not list.
   */
  public void addMembers(String corpId, Collection<String> userIds) {
    addedMembers.computeIfAbsent(corpId, k -> ConcurrentHashMap.newKeySet()).addAll(userIds);
  }

  public Router router() {
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create().setBodyLimit(2 * 1024 * 1024));
    r.get("/cgi-bin/gettoken").handler(ctx -> answer(ctx, this::getToken));
    r.post("/cgi-bin/message/send").handler(ctx -> answer(ctx, withToken(this::sendMessage)));
    r.post("/cgi-bin/message/update_template_card")
        .handler(ctx -> answer(ctx, withToken(this::updateCard)));
    r.post("/cgi-bin/appchat/send").handler(ctx -> answer(ctx, withToken((corp, c) -> ok())));
    r.post("/cgi-bin/webhook/send").handler(ctx -> answer(ctx, this::webhook));
    r.get("/cgi-bin/department/simplelist")
        .handler(ctx -> answer(ctx, withToken(this::departments)));
    r.get("/cgi-bin/department/list").handler(ctx -> answer(ctx, withToken(this::departments)));
    r.get("/cgi-bin/user/simplelist").handler(ctx -> answer(ctx, withToken(this::users)));
    r.get("/cgi-bin/user/list").handler(ctx -> answer(ctx, withToken(this::users)));
    r.get("/cgi-bin/auth/getuserinfo").handler(ctx -> answer(ctx, withToken(this::authUser)));
    r.get("/cgi-bin/get_jsapi_ticket").handler(ctx -> answer(ctx, withToken(this::ticket)));
    r.get("/cgi-bin/ticket/get").handler(ctx -> answer(ctx, withToken(this::ticket)));
    r.post("/_members")
        .handler(
            ctx -> {
              JsonObject body = body(ctx);
              if (body == null
                  || corp(body.getString("corpId", "")) == null
                  || body.getJsonArray("userIds") == null) {
                ctx.response()
                    .setStatusCode(400)
                    .end("expected {corpId: a sandbox company, userIds: [...]}");
                return;
              }
              addMembers(
                  body.getString("corpId"),
                  body.getJsonArray("userIds").stream().map(String::valueOf).toList());
              ctx.json(ok());
            });
    mountCallLog(r);
    return r;
  }

  private void answer(RoutingContext ctx, Function<RoutingContext, JsonObject> handler) {
    answer(ctx, () -> error(FREQUENCY_LIMIT, "api freq out of limit"), handler);
  }

  private Function<RoutingContext, JsonObject> withToken(
      java.util.function.BiFunction<SandboxCorp, RoutingContext, JsonObject> handler) {
    return ctx -> {
      String accessToken = ctx.request().getParam("access_token");
      if (accessToken == null) {
        return error(41001, "access_token missing");
      }
      Token token = token(accessToken);
      if (token == null) {
        return error(INVALID_TOKEN, "invalid access_token");
      }
      if (token.expired()) {
        return error(TOKEN_EXPIRED, "access_token expired");
      }
      return handler.apply(corp(token.corpId()), ctx);
    };
  }

  private JsonObject getToken(RoutingContext ctx) {
    SandboxCorp corp = corp(String.valueOf(ctx.request().getParam("corpid")));
    if (corp == null || !corp.secret().equals(ctx.request().getParam("corpsecret"))) {
      return error(INVALID_SECRET, "invalid credential");
    }
    return ok().put("access_token", issueToken(corp, 32)).put("expires_in", 7200);
  }

  private JsonObject sendMessage(SandboxCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null || body.getString("msgtype") == null) {
      return error(40008, "invalid message type");
    }
    String touser = body.getString("touser", "");
    List<String> invalid = new ArrayList<>();
    int valid = 0;
    for (String user : touser.split("\\|")) {
      if (user.isBlank()) {
        continue;
      }
      if ("@all".equals(user)
          || corp.members().stream().anyMatch(m -> m.userId().equals(user))
          || addedMembers.getOrDefault(corp.corpId(), Set.of()).contains(user)) {
        valid++;
      } else {
        invalid.add(user.toLowerCase());
      }
    }
    if (valid == 0 && body.getString("toparty") == null) {
      return error(ALL_RECIPIENTS_INVALID, "all recipients invalid");
    }
    JsonObject answer =
        ok().put("invaliduser", String.join("|", invalid)).put("msgid", randomHex(12));
    if ("template_card".equals(body.getString("msgtype"))) {
      String code = randomHex(16);
      responseCodes.put(code, corp.corpId());
      answer.put("response_code", code);
    }
    return answer;
  }

  private JsonObject updateCard(SandboxCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    String code = body == null ? null : body.getString("response_code");
    if (code == null || responseCodes.remove(code) == null) {
      return error(40058, "invalid response_code (unknown or used before)");
    }
    return ok();
  }

  /** A response_code WeCom would put into a card-click callback. */
  public String issueResponseCode(String corpId) {
    String code = randomHex(16);
    responseCodes.put(code, corpId);
    return code;
  }

  private JsonObject webhook(RoutingContext ctx) {
    return ctx.request().getParam("key") == null ? error(93000, "invalid webhook url") : ok();
  }

  private JsonObject departments(SandboxCorp corp, RoutingContext ctx) {
    JsonArray list = new JsonArray();
    corp.departments()
        .forEach(
            d ->
                list.add(
                    new JsonObject()
                        .put("id", d.id())
                        .put("parentid", d.parentId())
                        .put("name", d.name())
                        .put("order", 0)));
    return ok().put("department", list).put("department_id", list);
  }

  private JsonObject users(SandboxCorp corp, RoutingContext ctx) {
    long dept = parseLong(ctx.request().getParam("department_id"), -1);
    JsonArray list = new JsonArray();
    corp.members().stream()
        .filter(m -> m.departments().contains(dept))
        .forEach(
            m ->
                list.add(
                    new JsonObject()
                        .put("userid", m.userId())
                        .put("name", m.name())
                        .put("mobile", m.mobile())
                        .put("department", new JsonArray(m.departments()))
                        .put(
                            "is_leader_in_dept",
                            new JsonArray(
                                m.departments().stream()
                                    .map(d -> m.leader() && d == dept ? 1 : 0)
                                    .toList()))));
    return ok().put("userlist", list);
  }

  private JsonObject authUser(SandboxCorp corp, RoutingContext ctx) {
    String[] who = takeAuthCode(ctx.request().getParam("code"));
    if (who == null || !who[0].equals(corp.corpId())) {
      return error(INVALID_CODE, "invalid code");
    }
    return ok().put("userid", who[1]);
  }

  private JsonObject ticket(SandboxCorp corp, RoutingContext ctx) {
    return ok().put("ticket", "sandbox-ticket-" + corp.corpId()).put("expires_in", 7200);
  }

  @Override
  protected void record(RoutingContext ctx, JsonObject answer) {
    JsonObject body = body(ctx);
    if (body == null) {
      body = new JsonObject();
      for (Map.Entry<String, String> p : ctx.request().params()) {
        body.put(p.getKey(), p.getValue());
      }
    }
    record(
        ctx.request().method().name(),
        ctx.normalizedPath().replaceFirst("^.*(/cgi-bin/)", "$1"),
        body,
        answer);
  }
}
