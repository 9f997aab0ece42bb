package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.MiniAppLinks;
import io.vertx.core.Future;

/** The customer-detail buttons of a reply, as links into the mini-app when we know where it is. */
final class CustomerPageLinks {

  private final TenantService tenants;
  private final MiniAppLinks links;

  /**
   * @param miniAppUrl where the mini-app is; null keeps 打开详情 a button
   */
  CustomerPageLinks(Engine engine, String miniAppUrl) {
    this.tenants = engine.tenants();
    this.links = miniAppUrl == null ? null : new MiniAppLinks(miniAppUrl);
  }

  /**
   * 打开详情 as a link into the mini-app (logging in through the platform by corp id) when we know
   * where it is; otherwise it stays a button that says how to open it.
   */
  Future<ChatMessage> withPageLinks(long tenantId, ChatMessage reply) {
    if (links == null
        || reply.buttons().stream().noneMatch(b -> MiniAppLinks.isCustomerDetail(b.key()))) {
      return Future.succeededFuture(reply);
    }
    return tenants
        .get(tenantId)
        .map(
            tenant ->
                new ChatMessage(
                    reply.title(),
                    reply.markdown(),
                    reply.fields(),
                    reply.buttons().stream()
                        .map(
                            b ->
                                MiniAppLinks.isCustomerDetail(b.key())
                                    ? new Button(
                                        links.customerPageKey(tenant.corpId(), b.key()), b.text())
                                    : b)
                        .toList()));
  }
}
