package com.chatcrm.miniapp;

import java.util.List;

/**
 * The kinds of export and what each is called: {@code code} in links ({@code
 * /exports/{tenant}/{user}/{code}.xlsx}) and the API, {@code title} the downloaded file's name
 * before its date, {@code sheet} the worksheet's name, {@code auditType} the audit row's entity
 * type; and its columns' headers.
 */
enum ExportKind {
  CUSTOMERS(
      "customers",
      "客户列表",
      "客户",
      "customer_list",
      List.of("客户名称", "简称", "级别", "负责人", "行业", "地区", "来源", "电话", "地址", "标签", "最近跟进", "创建时间")),
  FOLLOW_UPS(
      "follow-ups",
      "跟进记录",
      "跟进记录",
      "follow_up_list",
      List.of("时间", "客户", "方式", "内容", "记录人", "下一步", "下次提醒")),
  OPPORTUNITIES(
      "opportunities",
      "商机",
      "商机",
      "opportunity_list",
      List.of("商机名称", "客户", "阶段", "金额", "赢率", "预计成交", "负责人", "状态", "输单原因", "创建时间", "最近更新")),
  FUNNEL("funnel", "销售漏斗", "销售漏斗", "funnel", List.of("阶段", "商机数", "金额", "赢率", "加权金额")),
  DAILY_FIGURES(
      "daily-figures",
      "日报数据",
      "日报数据",
      "daily_figures",
      List.of(
          "日期", "成员", "新增客户", "跟进数", "电话", "拜访", "微信", "邮件", "会议", "其他", "推进阶段", "赢单数", "赢单金额"));

  private final String code;
  private final String title;
  private final String sheet;
  private final String auditType;
  private final List<String> columns;

  ExportKind(String code, String title, String sheet, String auditType, List<String> columns) {
    this.code = code;
    this.title = title;
    this.sheet = sheet;
    this.auditType = auditType;
    this.columns = columns;
  }

  String code() {
    return code;
  }

  String title() {
    return title;
  }

  String sheet() {
    return sheet;
  }

  String auditType() {
    return auditType;
  }

  List<String> columns() {
    return columns;
  }
}
