package com.chatcrm.gateway.message;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Deep links into the mini-app for buttons keyed {@code detail:customer:<id>} (打开详情, 客户详情): the
 * customer's page, with the company's corp id so that the page logs in through the platform (免登).
 */
public final class MiniAppLinks {

  /** The key prefix of a button that should open a customer's page. */
  public static final String DETAIL_CUSTOMER = "detail:customer:";

  private final String base;

  /** @param miniAppUrl where the pages are, e.g. https://crm.example.com/m/ */
  public MiniAppLinks(String miniAppUrl) {
    this.base = miniAppUrl.endsWith("/") ? miniAppUrl : miniAppUrl + "/";
  }

  public static boolean isCustomerDetail(String buttonKey) {
    return buttonKey != null && buttonKey.startsWith(DETAIL_CUSTOMER);
  }

  /** The {@code open:<url>} key that replaces a {@code detail:customer:<id>} key for this company. */
  public String customerPageKey(String corpId, String detailKey) {
    return ChatMessage.Button.OPEN + base + "?corpId=" + URLEncoder.encode(corpId, StandardCharsets.UTF_8)
        + "#/customers/" + detailKey.substring(DETAIL_CUSTOMER.length());
  }
}
