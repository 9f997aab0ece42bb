package com.chatcrm.gateway.dingtalk;

/**
 * One company's DingTalk internal app (企业内部应用) with its robot: what our service needs to call
 * DingTalk and to check its callbacks. Secrets come from the tenant's channel settings, never from code.
 *
 * @param corpId the company's corp id (ding...), the tenant key and the path segment of our callback URLs
 * @param appKey the app's AppKey (= client id); also the default owner key of event callbacks
 * @param appSecret the AppSecret: fetches tokens and signs robot callbacks
 * @param robotCode the robot's code for OpenAPI sends (usually equal to the AppKey)
 * @param agentId the app's AgentId, for work notifications (0 when not used)
 * @param eventToken the event-subscription token (may be null when events are not configured)
 * @param eventAesKey the 43-character event-subscription aes_key (may be null)
 * @param eventOwnerKey the key event ciphertexts end with: the AppKey for console-configured events, the
 *     CorpId for legacy register_call_back registrations; null means the AppKey
 * @param miniAppUrl the H5 mini-app's home URL, opened by ActionCard buttons (may be null)
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
    String miniAppUrl) {

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
    return eventToken != null && !eventToken.isBlank() && eventAesKey != null && !eventAesKey.isBlank();
  }

  @Override
  public String toString() {
    return "DingTalkApp[corpId=" + corpId + ", appKey=" + appKey + ", appSecret=***]";
  }
}
