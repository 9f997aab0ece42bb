package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.transfer.LeaverHandovers;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.outbound.ChannelSender;
import com.chatcrm.gateway.platform.AppSettings;
import com.chatcrm.gateway.platform.ChatEvent;
import com.chatcrm.gateway.platform.ChatPlatform;
import com.chatcrm.gateway.platform.ConsoleSetting;
import com.chatcrm.gateway.platform.DirectoryChange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * WeCom (企业微信) behind the {@link ChatPlatform} port: its self-built apps' callbacks, message API
 * and directory. A recorded callback's kind is its MsgType, or its Event for events.
 */
public final class WeComPlatform implements ChatPlatform {

  public static final String ID = "wecom";

  /** WeCom's answer for a response code used before: a previous run updated the card already. */
  private static final int CODE_USED = 40058;

  /** WeCom's answer for a login code that is wrong or used. */
  private static final int CODE_INVALID = 40029;

  private final WeComTenants tenants;
  private final WeComSender sender;
  private final WeComDirectorySync directory;
  private final WeComCallbackHandler callbacks;

  /**
   * @param apiBase WeCom's API, or the sandbox's stand-in
   * @param handovers announces the hand-over of members a sync finds gone
   * @param intake where callbacks are recorded
   * @param org the directory's copy, for the sync
   */
  public WeComPlatform(
      Vertx vertx,
      WebClient client,
      String apiBase,
      Backoff backoff,
      TenantService tenantService,
      TenantChannels channels,
      OrgService org,
      LeaverHandovers handovers,
      Inbox intake,
      Clock clock,
      DatabaseOutage outage) {
    this.tenants = new WeComTenants(vertx, tenantService, channels);
    this.sender = new WeComSender(vertx, client, apiBase, tenants, backoff);
    this.directory = new WeComDirectorySync(sender, org, handovers);
    this.callbacks = new WeComCallbackHandler(tenants, intake, vertx.eventBus(), clock, outage);
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
    // answers go to the member who wrote, in the app's chat
    ChatEvent.Origin o = ChatEvent.Origin.of(recorded, recorded.sender());
    return switch (recorded.kind()) {
      case "text" -> new ChatEvent.Text(o, p.getString("Content"), List.of());
      case "enter_agent" -> new ChatEvent.Opened(o);
      case "image", "voice", "video", "file" -> new ChatEvent.NotText(o);
      case "template_card_event" -> {
        String code = p.getString("ResponseCode");
        // without a response code the card cannot change, and nothing else is sent
        yield new ChatEvent.ButtonTap(
            o, p.getString("EventKey"), code == null || code.isEmpty() ? null : code, null);
      }
      // create_user, update_party, ...: a full sync is idempotent and cheap at a company's size
      case "change_contact" -> new ChatEvent.Directory(o, DirectoryChange.everything());
      default -> new ChatEvent.Ignored(o, recorded.kind());
    };
  }

  @Override
  public ChannelSender sender() {
    return sender;
  }

  /** Replaces the clicked button's text (response codes are single-use). */
  @Override
  public Future<Void> updateCard(ChatEvent.Origin origin, String responseCode, String label) {
    return sender
        .api(origin.tenantId())
        .compose(
            api ->
                api.post(
                    "/cgi-bin/message/update_template_card",
                    new JsonObject()
                        .put("userids", new JsonArray().add(origin.sender()))
                        .put("agentid", api.app().agentId())
                        .put("response_code", responseCode)
                        .put("button", new JsonObject().put("replace_name", label))))
        .<Void>mapEmpty()
        .recover(
            e ->
                e instanceof PlatformError pe && pe.errcode() == CODE_USED
                    ? Future.succeededFuture()
                    : Future.failedFuture(e));
  }

  /** WeCom's contact events name what changed, but a full sync is as cheap and never wrong. */
  @Override
  public Future<Void> syncDirectory(long tenantId, DirectoryChange change) {
    return directory.full(tenantId).mapEmpty();
  }

  /** agentId, secret, callbackToken and encodingAesKey are required; then a token fetch. */
  @Override
  public Future<Void> checkApp(String corpId, JsonObject settings) {
    try {
      AppSettings.positive(settings, "agentId", true);
      AppSettings.required(settings, "secret");
      if (AppSettings.required(settings, "callbackToken").length() > 32) {
        throw InvalidInput.field("callbackToken", "must be at most 32 characters, as WeCom allows");
      }
      AppSettings.aesKey(settings, "encodingAesKey", true);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return sender.check(WeComTenants.appOf(corpId, settings));
  }

  @Override
  public List<ConsoleSetting> consoleSettings(
      String publicUrl, String corpId, JsonObject settings) {
    String app = "应用管理 → 自建应用（AgentId " + settings.getValue("agentId") + "）";
    return List.of(
        new ConsoleSetting(
            app + " → 接收消息 → 设置API接收 → URL", publicUrl + "/callback/wecom/" + corpId),
        new ConsoleSetting(
            app + " → 接收消息 → Token / EncodingAESKey", "与注册时给的 callbackToken / encodingAesKey 相同"),
        new ConsoleSetting(app + " → 应用主页", publicUrl + "/m/?corpId=" + corpId),
        new ConsoleSetting(app + " → 网页授权及JS-SDK → 可信域名", AppSettings.host(publicUrl)),
        new ConsoleSetting(app + " → 企业可信IP", "本服务访问 qyapi.weixin.qq.com 的出口 IP"),
        new ConsoleSetting(app + " → 可见范围", "所有使用 Chat CRM 的销售及其上级所在部门（通讯录同步只读可见范围内的成员）"));
  }

  @Override
  public void settingsChanged() {
    tenants.invalidateAll();
  }

  /** {@code /cgi-bin/auth/getuserinfo}: a member's answer has a userid, an outsider's an openid. */
  @Override
  public Future<String> userByLoginCode(long tenantId, String code) {
    return sender
        .api(tenantId)
        .compose(api -> api.get("/cgi-bin/auth/getuserinfo", Map.of("code", code)))
        .recover(
            e ->
                e instanceof PlatformError pe && pe.errcode() == CODE_INVALID
                    ? Future.failedFuture(InvalidInput.field("code", "登录码无效或已使用，请重新打开应用"))
                    : Future.failedFuture(e))
        .map(answer -> answer.getString("userid", answer.getString("UserId")));
  }

  @Override
  public Future<JsapiTicket> jsapiTicket(long tenantId) {
    return sender
        .api(tenantId)
        .compose(api -> api.get("/cgi-bin/get_jsapi_ticket", Map.of()))
        .map(
            answer ->
                new JsapiTicket(answer.getString("ticket"), answer.getLong("expires_in", 7200L)));
  }
}
