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

  /**
   * The key prefix of a button that should open the reminder list (查看全部 on a digest of due
   * reminders), followed by the ids of the reminders the digest stands for.
   */
  public static final String DETAIL_REMINDERS = "detail:reminders:";

  /** Buttons that open the mini-app's home (打开 Chat CRM) and its customer list (a 离职交接's cards). */
  public static final String DETAIL_HOME = "detail:home";

  public static final String DETAIL_CUSTOMERS = "detail:customers";

  /** A button that opens the lead list (线索列表). */
  public static final String DETAIL_LEADS = "detail:leads";

  /** The key prefix of a button that opens an import's page (查看导入结果), followed by its id. */
  public static final String DETAIL_IMPORT = "detail:import:";

  private final String base;

  /**
   * @param miniAppUrl where the pages are, e.g. https://crm.example.com/m/
   */
  public MiniAppLinks(String miniAppUrl) {
    this.base = miniAppUrl.endsWith("/") ? miniAppUrl : miniAppUrl + "/";
  }

  public static boolean isCustomerDetail(String buttonKey) {
    return buttonKey != null && buttonKey.startsWith(DETAIL_CUSTOMER);
  }

  /**
   * A button that opens a page of the mini-app once the company is known: a customer, the
   * reminders, the customer list, the home page.
   */
  public static boolean isPageLink(String buttonKey) {
    return isCustomerDetail(buttonKey)
        || buttonKey != null && buttonKey.startsWith(DETAIL_REMINDERS)
        || DETAIL_HOME.equals(buttonKey)
        || DETAIL_CUSTOMERS.equals(buttonKey)
        || DETAIL_LEADS.equals(buttonKey)
        || buttonKey != null && buttonKey.startsWith(DETAIL_IMPORT);
  }

  /**
   * An {@code open:} link into these pages that does not name its company yet (e.g. the 日报's 打开报表).
   */
  public boolean lacksCompany(String buttonKey) {
    return buttonKey != null
        && buttonKey.startsWith(ChatMessage.Button.OPEN + base)
        && !buttonKey.substring(ChatMessage.Button.OPEN.length() + base.length()).startsWith("?");
  }

  /**
   * The link with the company added ({@code /m/?corpId=ww…#/report}): opened from chat without it,
   * the mini-app has no company to log in through and shows its login page.
   */
  public String withCompany(String corpId, String openKey) {
    String rest = openKey.substring(ChatMessage.Button.OPEN.length() + base.length());
    return ChatMessage.Button.OPEN
        + base
        + "?corpId="
        + URLEncoder.encode(corpId, StandardCharsets.UTF_8)
        + rest;
  }

  /**
   * The {@code open:<url>} key that replaces a {@link #isPageLink page link} for this company. The
   * reminder list gets the digest's reminder ids as a parameter, so the page can show those first.
   */
  public String pageKey(String corpId, String detailKey) {
    if (isCustomerDetail(detailKey)) {
      return customerPageKey(corpId, detailKey);
    }
    String company = "?corpId=" + URLEncoder.encode(corpId, StandardCharsets.UTF_8);
    if (DETAIL_HOME.equals(detailKey)) {
      return ChatMessage.Button.OPEN + base + company + "#/";
    }
    if (DETAIL_CUSTOMERS.equals(detailKey)) {
      return ChatMessage.Button.OPEN + base + company + "#/customers";
    }
    if (DETAIL_LEADS.equals(detailKey)) {
      return ChatMessage.Button.OPEN + base + company + "#/leads";
    }
    if (detailKey.startsWith(DETAIL_IMPORT)) {
      return ChatMessage.Button.OPEN
          + base
          + company
          + "#/imports/"
          + detailKey.substring(DETAIL_IMPORT.length());
    }
    return ChatMessage.Button.OPEN
        + base
        + "?corpId="
        + URLEncoder.encode(corpId, StandardCharsets.UTF_8)
        + "#/?reminders="
        + detailKey.substring(DETAIL_REMINDERS.length());
  }

  /**
   * The {@code open:<url>} key that replaces a {@code detail:customer:<id>} key for this company.
   */
  public String customerPageKey(String corpId, String detailKey) {
    return ChatMessage.Button.OPEN
        + base
        + "?corpId="
        + URLEncoder.encode(corpId, StandardCharsets.UTF_8)
        + "#/customers/"
        + detailKey.substring(DETAIL_CUSTOMER.length());
  }
}
