package com.chatcrm.miniapp;

import com.chatcrm.engine.tenant.Tenant;
import io.vertx.core.Future;

/**
 * What the mini-app needs from a chat platform for 免登 and the JS-SDK; implemented by the
 * composition root on top of the platform adapters (e.g. WeCom's {@code /cgi-bin/auth/getuserinfo}
 * and {@code /cgi-bin/get_jsapi_ticket}), so that this module needs no platform SDK.
 */
public interface PlatformLogin {

  /** The platform user id behind a one-time login code; fails for an invalid or used code. */
  Future<String> platformUserId(Tenant tenant, String code);

  /** The tenant's current JS-API ticket (cached by the implementation: platforms limit fetches). */
  Future<String> jsapiTicket(Tenant tenant);
}
