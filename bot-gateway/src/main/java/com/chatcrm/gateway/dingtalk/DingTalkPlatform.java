package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.transfer.LeaverHandovers;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.outbound.ChannelSender;
import com.chatcrm.gateway.platform.AppSettings;
import com.chatcrm.gateway.platform.ChatEvent;
import com.chatcrm.gateway.platform.ChatPlatform;
import com.chatcrm.gateway.platform.ConsoleSetting;
import com.chatcrm.gateway.platform.DirectoryChange;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * DingTalk (钉钉) behind the {@link ChatPlatform} port: robot messages, interactive-card clicks and
 * org events, by HTTP callback or over DingTalk Stream; replies through the message's session
 * webhook or the open API; the directory by its org API.
 */
public final class DingTalkPlatform implements ChatPlatform {

  public static final String ID = "dingtalk";

  private final DingTalkTenants tenants;
  private final DingTalkSender sender;
  private final DingTalkDirectorySync directory;
  private final DingTalkCallbackHandler callbacks;
  private final TenantChannels channels;
  private final Inbox streamInbox;
  private final String apiBase;
  private final DatabaseOutage outage;

  /**
   * @param apiBase DingTalk's new API ({@link DingTalkApi#REAL_API}) or the sandbox's stand-in
   * @param oapiBase its old API ({@link DingTalkApi#REAL_OAPI}), where session webhooks live
   * @param handovers announces the hand-over of members a sync finds gone
   * @param intake where HTTP callbacks are recorded
   * @param streamInbox where Stream frames are recorded
   */
  public DingTalkPlatform(
      Vertx vertx,
      WebClient client,
      String apiBase,
      String oapiBase,
      Backoff backoff,
      TenantService tenantService,
      TenantChannels channels,
      OrgService org,
      LeaverHandovers handovers,
      Inbox intake,
      CallbackSignatures signatures,
      Inbox streamInbox,
      Clock clock,
      DatabaseOutage outage) {
    this.channels = channels;
    this.streamInbox = streamInbox;
    this.apiBase = apiBase;
    this.outage = outage;
    this.tenants = new DingTalkTenants(vertx, tenantService, channels);
    this.sender = new DingTalkSender(vertx, client, apiBase, oapiBase, tenants, backoff, clock);
    this.directory = new DingTalkDirectorySync(sender, org, handovers);
    this.callbacks =
        new DingTalkCallbackHandler(tenants, intake, signatures, vertx.eventBus(), clock, outage);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void mount(Router router) {
    callbacks.mount(router);
  }

  @Override
  public ChatEvent decode(InboundEvent recorded) {
    JsonObject p = recorded.payload();
    // answers go back to the chat the message came from (its session webhook while it lasts)
    ChatEvent.Origin o =
        ChatEvent.Origin.of(
            recorded,
            DingTalkSender.replyTo(
                p.getString("conversationType"),
                p.getString("conversationId"),
                p.getString("senderStaffId"),
                p.getLong("sessionWebhookExpiredTime", 0L),
                p.getString("sessionWebhook")));
    return switch (recorded.kind()) {
      case "text", "richText" -> text(o, p);
      // the outcome replaces the clicked card's buttons
      case DingTalkCardCallback.KIND ->
          new ChatEvent.ButtonTap(
              o, p.getString("buttonKey"), null, DingTalkSender.card(p.getString("outTrackId")));
      case "picture", "audio", "video", "file" -> new ChatEvent.NotText(o);
      case "user_add_org", "user_modify_org", "user_active_org", "user_dept_change" ->
          new ChatEvent.Directory(o, DirectoryChange.usersChanged(ids(p, "UserId")));
      case "user_leave_org" ->
          new ChatEvent.Directory(o, DirectoryChange.usersLeft(ids(p, "UserId")));
      case "org_dept_create", "org_dept_modify" ->
          new ChatEvent.Directory(o, DirectoryChange.departmentsChanged(ids(p, "DeptId")));
      case "org_dept_remove" ->
          new ChatEvent.Directory(o, DirectoryChange.departmentsRemoved(ids(p, "DeptId")));
      default -> new ChatEvent.Ignored(o, recorded.kind());
    };
  }

  /** A tapped command link ("完成 #reminder.done:42") comes back as text: it is a button. */
  private static ChatEvent text(ChatEvent.Origin o, JsonObject p) {
    String text = p.getString("text", "");
    if (o.sender() == null) {
      // external members and unpublished robots come without a staff id: nobody to act as
      return new ChatEvent.Stranger(o);
    }
    String button = DingTalkRenderer.buttonKey(text);
    if (button != null) {
      return new ChatEvent.ButtonTap(o, button, null, o.replyTo());
    }
    return new ChatEvent.Text(o, text, ids(p, "mentionedStaffIds"));
  }

  @Override
  public ChannelSender sender() {
    return sender;
  }

  /** DingTalk's cards change by a message to their outTrackId: see {@link #decode}. */
  @Override
  public Future<Void> updateCard(ChatEvent.Origin origin, String cardRef, String label) {
    return Future.failedFuture(
        new UnsupportedOperationException("DingTalk cards are updated through the outbox"));
  }

  @Override
  public Future<Void> syncDirectory(long tenantId, DirectoryChange change) {
    if (change.all()) {
      return directory.full(tenantId).mapEmpty();
    }
    // an event names one kind of change: only that one is asked of DingTalk
    Future<Void> done = Future.succeededFuture();
    if (!change.usersChanged().isEmpty()) {
      done = done.compose(v -> directory.usersChanged(tenantId, change.usersChanged()));
    }
    if (!change.usersLeft().isEmpty()) {
      done = done.compose(v -> directory.usersLeft(tenantId, change.usersLeft()));
    }
    if (!change.departmentsChanged().isEmpty()) {
      done = done.compose(v -> directory.departmentsChanged(tenantId, change.departmentsChanged()));
    }
    if (!change.departmentsRemoved().isEmpty()) {
      done = done.compose(v -> directory.removeDepartments(tenantId, change.departmentsRemoved()));
    }
    return done;
  }

  /** appKey and appSecret are required, the event keys both or neither; then a token fetch. */
  @Override
  public Future<Void> checkApp(String corpId, JsonObject settings) {
    try {
      AppSettings.required(settings, "appKey");
      AppSettings.required(settings, "appSecret");
      AppSettings.positive(settings, "agentId", false);
      boolean events = settings.getValue("eventToken") != null;
      if (events != (settings.getValue("eventAesKey") != null)) {
        throw InvalidInput.field(
            events ? "eventAesKey" : "eventToken",
            "event subscription needs both token and aes key");
      }
      if (events) {
        AppSettings.required(settings, "eventToken");
        AppSettings.aesKey(settings, "eventAesKey", true);
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return sender.check(DingTalkTenants.appOf(corpId, settings));
  }

  @Override
  public List<ConsoleSetting> consoleSettings(
      String publicUrl, String corpId, JsonObject settings) {
    DingTalkApp app = DingTalkTenants.appOf(corpId, settings);
    String console = "开发者后台 → 应用开发 → 企业内部应用（AppKey " + app.appKey() + "）";
    String base = publicUrl + "/callback/dingtalk/" + corpId;
    List<ConsoleSetting> out = new java.util.ArrayList<>();
    out.add(
        app.stream()
            ? new ConsoleSetting(console + " → 机器人 → 消息接收模式", "Stream 模式（注册后重启各节点以建立连接）")
            : new ConsoleSetting(console + " → 机器人 → 消息接收模式 HTTP → 消息接收地址", base + "/robot"));
    if (app.receivesEvents()) {
      out.add(new ConsoleSetting(console + " → 事件订阅 → 请求网址", base + "/events"));
      out.add(
          new ConsoleSetting(
              console + " → 事件订阅 → 加密 aes_key / 签名 token",
              "与注册时给的 eventAesKey / eventToken 相同；订阅 通讯录事件"));
    }
    if (app.usesCards() && !app.stream()) {
      out.add(
          new ConsoleSetting(
              "互动卡片回调（POST /v1.0/card/callbacks/register）callbackUrl", base + "/card"));
    }
    out.add(
        new ConsoleSetting(
            console + " → 网页应用 → 应用首页地址 / PC端首页地址", publicUrl + "/m/?corpId=" + corpId));
    out.add(new ConsoleSetting(console + " → 安全设置 → 服务器出口IP", "本服务访问 api.dingtalk.com 的出口 IP"));
    out.add(new ConsoleSetting(console + " → 安全设置 → 重定向URL（回调域名）", AppSettings.host(publicUrl)));
    out.add(
        new ConsoleSetting(
            console + " → 权限管理",
            "通讯录个人信息读权限、成员信息读权限、部门信息读权限、企业内机器人发送消息权限" + (app.usesCards() ? "、互动卡片实例写权限" : "")));
    return List.copyOf(out);
  }

  @Override
  public void settingsChanged() {
    tenants.invalidateAll();
  }

  /**
   * One DingTalk Stream connection per tenant whose settings say {@code "stream": true} (companies
   * that cannot expose a callback URL); they reconnect on their own.
   */
  @Override
  public Future<List<Deployable>> connections() {
    return channels
        .all(ID)
        .map(
            configured ->
                configured.stream()
                    .filter(c -> c.settings().getBoolean("stream", false))
                    .<Deployable>map(
                        c ->
                            new DingTalkStreamClient(
                                    DingTalkTenants.appOf(c.corpId(), c.settings()),
                                    c.tenantId(),
                                    streamInbox,
                                    apiBase,
                                    Backoff.standard())
                                .reportOutagesTo(outage))
                    .toList());
  }

  /** DingTalk answers a used, expired or foreign code alike: each is a code to get again. */
  @Override
  public Future<String> userByLoginCode(long tenantId, String code) {
    return sender
        .api(tenantId)
        .compose(api -> api.userIdByAuthCode(code))
        .recover(e -> Future.failedFuture(InvalidInput.field("code", "登录码无效或已过期，请重新打开应用")));
  }

  /** For the mini-app's dd.config; DingTalk's tickets live 7200 s. */
  @Override
  public Future<JsapiTicket> jsapiTicket(long tenantId) {
    return sender
        .api(tenantId)
        .compose(api -> api.jsapiTicket())
        .map(ticket -> new JsapiTicket(ticket, 7200));
  }

  private static List<String> ids(JsonObject p, String key) {
    List<String> out = new ArrayList<>();
    Object v = p.getValue(key);
    if (v instanceof JsonArray a) {
      a.forEach(x -> out.add(String.valueOf(x)));
    } else if (v != null) {
      out.add(String.valueOf(v));
    }
    return out;
  }
}
