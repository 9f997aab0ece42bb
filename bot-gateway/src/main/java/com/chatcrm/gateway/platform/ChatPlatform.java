package com.chatcrm.gateway.platform;

import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.gateway.outbound.ChannelSender;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * One chat platform (WeCom, DingTalk, ...) as the product sees it. An adapter only verifies and
 * records the platform's callbacks, decodes them into {@link ChatEvent}s, renders and sends
 * messages, and calls the platform's directory; what an event means for the CRM is decided once,
 * for every platform, by {@link com.chatcrm.gateway.inbound.ChatEventHandler}.
 */
public interface ChatPlatform {

  /** Its key in the inbox, the outbox and the tenants' channel settings, e.g. {@code "wecom"}. */
  String id();

  /** Adds its callback routes: each verifies, decrypts and records the callback in the inbox. */
  void mount(Router router);

  /** What a recorded callback of this platform says, in the product's terms. */
  ChatEvent decode(InboundEvent recorded);

  /** Delivers messages (text, markdown, cards) to this platform's recipients. */
  ChannelSender sender();

  /**
   * Shows on a clicked card what its button did, where the platform updates cards in place (the
   * card named by {@link ChatEvent.ButtonTap#cardRef}); a repeat of the same update is harmless.
   */
  Future<Void> updateCard(ChatEvent.Origin origin, String cardRef, String label);

  /** Brings our copy of the company directory in step with what {@code change} names. */
  Future<Void> syncDirectory(long tenantId, DirectoryChange change);

  /**
   * The member behind a mini-app login code (免登); null when the code is good but names nobody of
   * the company. Fails with {@link com.chatcrm.engine.error.InvalidInput} for a used or unknown
   * code.
   */
  Future<String> userByLoginCode(long tenantId, String code);

  /** A fresh JS-API ticket of the tenant's app (callers cache it: platforms limit fetches). */
  Future<JsapiTicket> jsapiTicket(long tenantId);

  /** A JS-API ticket and how many seconds it is valid. */
  record JsapiTicket(String value, long seconds) {}

  /**
   * Checks a company's app settings before they are stored: the fields this platform needs, then a
   * token fetch with them. Fails with {@link com.chatcrm.engine.error.InvalidInput} naming a field,
   * or with {@link com.chatcrm.gateway.PlatformError} carrying the platform's refusal.
   */
  Future<Void> checkApp(String corpId, JsonObject settings);

  /** What a company's admin sets in this platform's console for the app to reach us. */
  List<ConsoleSetting> consoleSettings(String publicUrl, String corpId, JsonObject settings);

  /** A channel's settings changed somewhere: forget what was cached of any tenant's app. */
  void settingsChanged();

  /**
   * Connections this platform keeps open on its own (DingTalk Stream), one per tenant that asks for
   * it; none by default.
   */
  default Future<List<Deployable>> connections() {
    return Future.succeededFuture(List.of());
  }
}
