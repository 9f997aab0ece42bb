package com.chatcrm.sandbox;

import com.chatcrm.engine.inbox.StorableText;
import com.chatcrm.engine.org.CompanyRoster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The sandbox chat page's API (sandbox mode only): which companies and users there are, say a line
 * as a user, click a card button, and read what the bot sent that user. What is said travels the
 * real path: a signed (and for WeCom encrypted) callback posted to the service's own callback URL
 * by the {@link WeComCallbackSimulator} / {@link DingTalkCallbackSimulator}; what the bot sent is
 * what the platform sandboxes recorded, picked out for one user and put into one shape per platform
 * message.
 *
 * <ul>
 *   <li>{@code GET /sandbox/api/companies} — tenants the sandboxes know, with their active users;
 *   <li>{@code POST /sandbox/api/say} {@code {platform, corpId, userId, text}};
 *   <li>{@code POST /sandbox/api/click} WeCom: {@code {platform:"wecom", corpId, userId, taskId,
 *       key}}; DingTalk: {@code {platform:"dingtalk", corpId, userId,
 *       link:"dtmd://dingtalkclient/sendMessage?content=..."}};
 *   <li>{@code GET /sandbox/api/messages?platform=&corpId=&userId=&after=} — the bot's messages to
 *       that user after the platform sandbox's call number {@code after} ({@code after=0} also
 *       brings the lines the user said), and {@code next} to ask with next time.
 * </ul>
 *
 * The page itself is served from the classpath folder {@code sandbox-page} at {@code /sandbox/}.
 */
public final class SandboxChatApi {

  /** Classpath folder of the page. */
  public static final String WEBROOT = "sandbox-page";

  static final int MAX_TEXT = 2000;

  /**
   * Lines said kept per user for a reloaded page (the bot's side lives in the platform sandboxes).
   */
  private static final int MAX_HISTORY = 200;

  private static final Duration WEBHOOK_VALID = Duration.ofMinutes(90);
  private static final String COMMAND_LINK = "dtmd://dingtalkclient/sendMessage";

  private final CompanyRoster roster;
  private final WeComSandbox wecom;
  private final DingTalkSandbox dingtalk;
  private final WebClient client;
  private final IntSupplier httpPort;

  /** What users said, per platform:corp:user, for the history a reloaded page shows. */
  private final Map<String, List<JsonObject>> said = new ConcurrentHashMap<>();

  private final SandboxChatShapes shapes;

  /**
   * @param httpPort the service's own port, known once the HTTP server listens
   */
  public SandboxChatApi(
      Vertx vertx,
      CompanyRoster roster,
      WeComSandbox wecom,
      DingTalkSandbox dingtalk,
      IntSupplier httpPort) {
    this.roster = roster;
    this.wecom = wecom;
    this.dingtalk = dingtalk;
    this.client = WebClient.create(vertx);
    this.httpPort = httpPort;
    this.shapes = new SandboxChatShapes(wecom, dingtalk);
  }

  public void mount(Router router) {
    router.post("/sandbox/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
    router.get("/sandbox/api/companies").handler(this::companies);
    router.post("/sandbox/api/say").handler(this::say);
    router.post("/sandbox/api/click").handler(this::click);
    router.get("/sandbox/api/messages").handler(this::messages);
    router
        .get("/sandbox")
        .handler(
            ctx -> {
              if ("/sandbox".equals(ctx.request().path())) {
                ctx.redirect("/sandbox/");
              } else {
                ctx.next();
              }
            });
    router
        .route("/sandbox/*")
        .handler(
            ctx -> {
              ctx.addHeadersEndHandler(
                  v -> ctx.response().headers().set("cache-control", "no-cache"));
              ctx.next();
            });
    router
        .route("/sandbox/*")
        .handler(
            StaticHandler.create(WEBROOT)
                .setIndexPage("index.html")
                .setDefaultContentEncoding("UTF-8"));
  }

  // ------------------------------------------------------------------ companies

  private void companies(RoutingContext ctx) {
    roster
        .companies(null, null)
        .onSuccess(
            companies ->
                ctx.json(
                    new JsonObject()
                        .put(
                            "companies",
                            new JsonArray(
                                companies.stream()
                                    .filter(c -> known(c.platform(), c.corpId()))
                                    .map(CompanyRoster.Company::toJson)
                                    .toList()))))
        .onFailure(ctx::fail);
  }

  private boolean known(String platform, String corpId) {
    return "wecom".equals(platform)
        ? wecom.corp(corpId) != null
        : "dingtalk".equals(platform) && dingtalk.corp(corpId) != null;
  }

  // ------------------------------------------------------------------ say and click

  /** Who is talking, checked against the sandbox directory. */
  private record Speaker(String platform, String corpId, String userId) {
    String key() {
      return platform + ":" + corpId + ":" + userId;
    }
  }

  private Speaker speaker(RoutingContext ctx, JsonObject body) {
    if (body == null) {
      badRequest(ctx, "bad_json", "请求体须为 JSON");
      return null;
    }
    String platform = body.getValue("platform") instanceof String s ? s : null;
    String corpId = body.getValue("corpId") instanceof String s ? s : null;
    String userId = body.getValue("userId") instanceof String s ? s : null;
    if (!"wecom".equals(platform) && !"dingtalk".equals(platform)) {
      badRequest(ctx, "bad_platform", "platform 须为 wecom 或 dingtalk");
      return null;
    }
    if (corpId == null || !known(platform, corpId)) {
      badRequest(ctx, "unknown_company", "沙箱里没有这个企业：" + corpId);
      return null;
    }
    List<SandboxCompany.Member> members =
        "wecom".equals(platform) ? wecom.corp(corpId).members() : dingtalk.corp(corpId).members();
    if (userId == null || members.stream().noneMatch(m -> m.userId().equals(userId))) {
      badRequest(ctx, "unknown_user", "该企业没有这个成员：" + userId);
      return null;
    }
    return new Speaker(platform, corpId, userId);
  }

  private void say(RoutingContext ctx) {
    JsonObject body = SandboxJson.body(ctx);
    Speaker who = speaker(ctx, body);
    if (who == null) {
      return;
    }
    // control characters (a NUL) are dropped, as the callback intake does with what the platforms
    // send
    String text = body.getValue("text") instanceof String s ? StorableText.clean(s).strip() : null;
    if (text == null || text.isEmpty()) {
      badRequest(ctx, "empty_text", "请输入内容");
      return;
    }
    if (text.length() > MAX_TEXT) {
      badRequest(ctx, "text_too_long", "一条消息最多 " + MAX_TEXT + " 个字");
      return;
    }
    send(who, text)
        .onSuccess(line -> ctx.json(new JsonObject().put("message", line)))
        .onFailure(e -> upstream(ctx, e));
  }

  private void click(RoutingContext ctx) {
    JsonObject body = SandboxJson.body(ctx);
    Speaker who = speaker(ctx, body);
    if (who == null) {
      return;
    }
    if ("dingtalk".equals(who.platform())) {
      String content = commandContent(body.getValue("link") instanceof String s ? s : null);
      if (content == null) {
        badRequest(ctx, "bad_link", "不是钉钉的发送消息链接（dtmd://dingtalkclient/sendMessage?content=...）");
        return;
      }
      send(who, content)
          .onSuccess(line -> ctx.json(new JsonObject().put("message", line)))
          .onFailure(e -> upstream(ctx, e));
      return;
    }
    String taskId = body.getValue("taskId") instanceof String s && !s.isBlank() ? s : null;
    String key = body.getValue("key") instanceof String s && !s.isBlank() ? s : null;
    if (taskId == null || key == null) {
      badRequest(ctx, "bad_click", "taskId 和 key 都不能为空");
      return;
    }
    SandboxCorp corp = wecom.corp(who.corpId());
    String code = wecom.issueResponseCode(who.corpId());
    shapes.clicked(code, taskId);
    WeComCallbackSimulator sim = new WeComCallbackSimulator(client, callbackBase() + "/wecom");
    sim.post(sim.cardClick(corp, who.userId(), cdata(taskId), cdata(key), code))
        .compose(this::accepted)
        .onSuccess(v -> ctx.json(new JsonObject().put("taskId", taskId).put("responseCode", code)))
        .onFailure(e -> upstream(ctx, e));
  }

  /** The text a DingTalk command link sends, or null when it is not one. */
  static String commandContent(String link) {
    if (link == null || !link.startsWith(COMMAND_LINK + "?")) {
      return null;
    }
    String query;
    try {
      query = URI.create(link.replace(" ", "%20")).getRawQuery();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("content=")) {
        try {
          String content =
              URLDecoder.decode(pair.substring("content=".length()), StandardCharsets.UTF_8)
                  .strip();
          // bytes that are no UTF-8 decode to U+FFFD: not a link DingTalk would have made
          return content.isEmpty() || content.length() > MAX_TEXT || content.indexOf('\uFFFD') >= 0
              ? null
              : content;
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** Posts the line as the platform would, and keeps it for the page's history. */
  private Future<JsonObject> send(Speaker who, String text) {
    Future<HttpResponse<Buffer>> posted;
    if ("wecom".equals(who.platform())) {
      WeComCallbackSimulator sim = new WeComCallbackSimulator(client, callbackBase() + "/wecom");
      posted = sim.post(sim.text(wecom.corp(who.corpId()), who.userId(), cdata(text)));
    } else {
      DingTalkCallbackSimulator sim =
          new DingTalkCallbackSimulator(
              client,
              callbackBase() + "/dingtalk",
              dingtalk,
              "http://127.0.0.1:" + httpPort.getAsInt() + "/sandbox/dingtalk");
      posted = sim.post(sim.single(dingtalk.corp(who.corpId()), who.userId(), text, WEBHOOK_VALID));
    }
    return posted
        .compose(this::accepted)
        .map(
            v -> {
              JsonObject line =
                  new JsonObject()
                      .put("kind", "user")
                      .put("text", text)
                      .put("at", Instant.now().toString());
              List<JsonObject> history =
                  said.computeIfAbsent(who.key(), k -> new CopyOnWriteArrayList<>());
              history.add(line);
              if (history.size() > MAX_HISTORY) {
                history.remove(0);
              }
              return line;
            });
  }

  private Future<Void> accepted(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(
          new IllegalStateException(
              "the callback answered HTTP "
                  + response.statusCode()
                  + ": "
                  + response.bodyAsString()));
    }
    return Future.succeededFuture();
  }

  private String callbackBase() {
    return "http://127.0.0.1:" + httpPort.getAsInt() + "/callback";
  }

  /** Text inside a CDATA section cannot contain its end marker. */
  private static String cdata(String s) {
    return s.replace("]]>", "]] >");
  }

  // ------------------------------------------------------------------ messages

  private void messages(RoutingContext ctx) {
    JsonObject q =
        new JsonObject()
            .put("platform", ctx.request().getParam("platform"))
            .put("corpId", ctx.request().getParam("corpId"))
            .put("userId", ctx.request().getParam("userId"));
    Speaker who = speaker(ctx, q);
    if (who == null) {
      return;
    }
    long after;
    try {
      String a = ctx.request().getParam("after");
      after = a == null || a.isBlank() ? 0 : Long.parseLong(a);
    } catch (NumberFormatException e) {
      badRequest(ctx, "bad_after", "after 须为整数");
      return;
    }
    if (after < 0) {
      badRequest(ctx, "bad_after", "after 须为非负整数");
      return;
    }
    List<SandboxCall> calls =
        "wecom".equals(who.platform()) ? wecom.calls(after) : dingtalk.calls(after);
    long next = calls.isEmpty() ? after : calls.get(calls.size() - 1).seq();
    List<JsonObject> out = new ArrayList<>();
    for (SandboxCall call : calls) {
      JsonObject m = shapes.message(who.platform(), who.corpId(), who.userId(), call);
      if (m != null) {
        out.add(m.put("seq", call.seq()).put("at", call.at().toString()));
      }
    }
    if (after == 0) {
      out.addAll(said.getOrDefault(who.key(), List.of()));
      out.sort(Comparator.comparing(m -> m.getString("at")));
    }
    ctx.json(new JsonObject().put("messages", new JsonArray(out)).put("next", next));
  }

  // ------------------------------------------------------------------ helpers

  private static void badRequest(RoutingContext ctx, String code, String message) {
    ctx.response()
        .setStatusCode(400)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("code", code).put("message", message).encode());
  }

  private static void upstream(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(502)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(
            new JsonObject()
                .put("code", "callback_failed")
                .put("message", "回调未被接受：" + String.valueOf(e.getMessage()))
                .encode());
  }
}
