package com.chatcrm.gateway.dingtalk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One company's DingTalk internal app (企业内部应用) with its robot: what our service needs to call
 * DingTalk and to check its callbacks. Secrets come from the tenant's channel settings, never from
 * code.
 *
 * @param corpId the company's corp id (ding...), the tenant key and the path segment of our
 *     callback URLs
 * @param appKey the app's AppKey (= client id); also the default owner key of event callbacks
 * @param appSecret the AppSecret: fetches tokens and signs robot callbacks
 * @param robotCode the robot's code for OpenAPI sends (usually equal to the AppKey)
 * @param agentId the app's AgentId, for work notifications (0 when not used)
 * @param eventToken the event-subscription token (may be null when events are not configured)
 * @param eventAesKey the 43-character event-subscription aes_key (may be null)
 * @param eventOwnerKey the key event ciphertexts end with: the AppKey for console-configured
 *     events, the CorpId for legacy register_call_back registrations; null means the AppKey
 * @param miniAppUrl the H5 mini-app's home URL (may be null); buttons open it with the company, see
 *     {@link #miniAppHome()}
 * @param cardTemplateId the interactive-card template (card.dingtalk.com) messages with buttons are
 *     sent with; null keeps the template-free ActionCard and command links
 * @param stream whether the app receives callbacks over Stream mode instead of HTTP — card clicks
 *     too
 * @param cardRouteKey the callbackRouteKey the HTTP card callback was registered under (HTTP mode
 *     only)
 */
public record DingTalkApp(
    String corpId,
    String appKey,
    String appSecret,
    String robotCode,
    long agentId,
    String eventToken,
    String eventAesKey,
    String eventOwnerKey,
    String miniAppUrl,
    String cardTemplateId,
    boolean stream,
    String cardRouteKey) {

  /** An app without interactive cards, receiving over HTTP. */
  public DingTalkApp(
      String corpId,
      String appKey,
      String appSecret,
      String robotCode,
      long agentId,
      String eventToken,
      String eventAesKey,
      String eventOwnerKey,
      String miniAppUrl) {
    this(
        corpId,
        appKey,
        appSecret,
        robotCode,
        agentId,
        eventToken,
        eventAesKey,
        eventOwnerKey,
        miniAppUrl,
        null,
        false,
        null);
  }

  /**
   * The mini-app's home with the company ({@code …/m/?corpId=ding…}), for the 打开 Chat CRM button:
   * opened without it, the page has no company to log in through (免登). Null when no mini-app is
   * configured.
   */
  public String miniAppHome() {
    if (miniAppUrl == null || miniAppUrl.isBlank() || miniAppUrl.contains("corpId=")) {
      return miniAppUrl;
    }
    int hash = miniAppUrl.indexOf('#');
    String page = hash < 0 ? miniAppUrl : miniAppUrl.substring(0, hash);
    return page
        + (page.contains("?") ? "&" : "?")
        + "corpId="
        + URLEncoder.encode(corpId, StandardCharsets.UTF_8)
        + (hash < 0 ? "" : miniAppUrl.substring(hash));
  }

  /** The owner key event ciphertexts must carry. */
  public String ownerKey() {
    return eventOwnerKey == null || eventOwnerKey.isBlank() ? appKey : eventOwnerKey;
  }

  /** The robot code for OpenAPI sends: configured, else the AppKey. */
  public String robot() {
    return robotCode == null || robotCode.isBlank() ? appKey : robotCode;
  }

  /** Whether event subscription keys are configured. */
  public boolean receivesEvents() {
    return eventToken != null
        && !eventToken.isBlank()
        && eventAesKey != null
        && !eventAesKey.isBlank();
  }

  /** Whether messages with buttons go out as interactive cards whose clicks call us back. */
  public boolean usesCards() {
    return cardTemplateId != null && !cardTemplateId.isBlank();
  }

  /**
   * How DingTalk delivers this app's card clicks: down the stream, or posted to our card callback
   * URL.
   */
  public String cardCallbackType() {
    return stream ? "STREAM" : "HTTP";
  }

  /** The route key of the HTTP card callback: configured, else one derived from the corp id. */
  public String cardRoute() {
    return cardRouteKey == null || cardRouteKey.isBlank() ? "chatcrm-" + corpId : cardRouteKey;
  }

  @Override
  public String toString() {
    return "DingTalkApp[corpId=" + corpId + ", appKey=" + appKey + ", appSecret=***]";
  }
}
