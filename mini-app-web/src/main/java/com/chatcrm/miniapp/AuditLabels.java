package com.chatcrm.miniapp;

import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.followup.FollowUpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * The audit log's words as the mini-app shows them: actions, sources and changed fields in Chinese.
 * The log keeps stable English codes (reports and exports read them); users read these labels.
 */
final class AuditLabels {

  private static final Map<String, String> ACTIONS =
      Map.ofEntries(
          Map.entry("create", "新建"),
          Map.entry("update", "修改"),
          Map.entry("delete", "删除"),
          Map.entry("restore", "恢复"),
          Map.entry("transfer", "转移"),
          Map.entry("claim", "领取"),
          Map.entry("assign", "分配"),
          Map.entry("release", "退回公海"),
          Map.entry("reclaim", "自动退回公海"),
          Map.entry("import", "导入"),
          Map.entry("add_collaborator", "添加协同人"),
          Map.entry("remove_collaborator", "移除协同人"),
          Map.entry("stage_move", "推进阶段"),
          Map.entry("done", "完成"),
          Map.entry("snooze", "推迟"),
          Map.entry("cancel", "取消"),
          Map.entry("configure", "设置"),
          Map.entry("reassign", "改派"),
          Map.entry("remove", "移除"),
          Map.entry("reorder", "调整顺序"),
          Map.entry("merge", "合并"),
          Map.entry("activate", "启用"),
          Map.entry("deactivate", "停用"),
          Map.entry("grant_admin", "设为管理员"),
          Map.entry("revoke_admin", "取消管理员"),
          Map.entry("demo_data", "生成演示数据"),
          Map.entry("mark_contacted", "标记已联系"),
          Map.entry("invalidate", "标为无效"),
          Map.entry("reopen", "恢复线索"),
          Map.entry("convert", "转化为客户"),
          Map.entry("undo_convert", "撤销转化"),
          Map.entry("convert_lead", "由线索转化"));

  private static final Map<String, String> SOURCES =
      Map.of(
          "chat",
          "聊天",
          "mini_app",
          "微应用",
          "import",
          "导入",
          "api",
          "接口",
          "webform",
          "网页表单",
          "system",
          "系统");

  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("name", "名称"),
          Map.entry("shortName", "简称"),
          Map.entry("aliases", "别名"),
          Map.entry("industry", "行业"),
          Map.entry("region", "地区"),
          Map.entry("source", "来源"),
          Map.entry("level", "级别"),
          Map.entry("phones", "电话"),
          Map.entry("address", "地址"),
          Map.entry("tags", "标签"),
          Map.entry("ownerId", "负责人"),
          Map.entry("inPool", "公海"),
          Map.entry("status", "状态"),
          Map.entry("dueAt", "提醒时间"),
          Map.entry("stage", "阶段"),
          Map.entry("stageId", "阶段"),
          Map.entry("probability", "赢率"),
          Map.entry("lostReason", "输单原因"),
          Map.entry("amount", "金额"),
          Map.entry("expectedClose", "预计成交"),
          Map.entry("text", "内容"),
          Map.entry("content", "内容"),
          Map.entry("position", "顺序"),
          Map.entry("active", "启用"),
          Map.entry("userId", "同事"),
          Map.entry("title", "职务"),
          Map.entry("phone", "电话"),
          Map.entry("customerId", "客户"),
          Map.entry("repeatRule", "重复"),
          Map.entry("channels", "提醒方式"),
          Map.entry("role", "角色"),
          Map.entry("reclaimDaysPotential", "潜在客户回收天数"),
          Map.entry("reclaimDaysIntent", "意向客户回收天数"),
          Map.entry("reclaimDaysDeal", "成交客户回收天数"),
          Map.entry("reclaimDaysLost", "流失客户回收天数"),
          Map.entry("warnDaysBefore", "提前提醒天数"),
          Map.entry("maxPrivate", "私有客户上限"),
          Map.entry("maxClaimsPerDay", "每日领取上限"),
          Map.entry("dailyReportAt", "日报时间"),
          Map.entry("method", "方式"),
          Map.entry("email", "邮箱"),
          Map.entry("wechatId", "微信"),
          Map.entry("weeklyReportAt", "周报时间"));

  /** Fields whose values are ids or codes not worth showing as old → new: only their label is. */
  private static final Set<String> LABEL_ONLY =
      Set.of("ownerId", "stageId", "customerId", "userId", "position");

  /** Fields holding an instant, which the page shows in the company's time zone. */
  private static final Set<String> TIMES = Set.of("dueAt");

  private static final int SUBJECT_CHARS = 20;

  private AuditLabels() {}

  /** What an entry of a customer's 操作记录 was about: null for the customer itself. */
  static String entity(String type, String subject) {
    String s =
        subject == null || subject.codePointCount(0, subject.length()) <= SUBJECT_CHARS
            ? subject
            : subject.substring(0, subject.offsetByCodePoints(0, SUBJECT_CHARS)) + "…";
    return switch (type) {
      case "contact" -> "联系人" + (s == null ? "" : "「" + s + "」");
      case "follow_up" -> "跟进记录";
      case "reminder" -> "提醒" + (s == null ? "" : "「" + s + "」");
      default -> null;
    };
  }

  /**
   * Each changed field as {@code {label, from, to, time}} in Chinese words (from / to null for a
   * field shown by its label only; {@code time} marks instants for the page to show in the
   * company's zone). Entries that log plain values (a creation) have none.
   */
  static JsonArray changeLines(JsonObject changes) {
    JsonArray lines = new JsonArray();
    if (changes == null) {
      return lines;
    }
    for (String key : changes.fieldNames()) {
      String label = FIELDS.get(key);
      if (label == null || !(changes.getValue(key) instanceof JsonObject change)) {
        continue;
      }
      if (!change.containsKey("from") && !change.containsKey("to")) {
        continue;
      }
      JsonObject line = new JsonObject().put("label", label).put("time", TIMES.contains(key));
      if (!LABEL_ONLY.contains(key)) {
        line.put("from", value(key, change.getValue("from")))
            .put("to", value(key, change.getValue("to")));
      }
      lines.add(line);
    }
    return lines;
  }

  /** A logged value as a user reads it: lists joined, codes as their Chinese names, blank as 空. */
  private static String value(String key, Object v) {
    if (v == null || (v instanceof String s && s.isBlank())) {
      return "（空）";
    }
    if (v instanceof JsonArray a) {
      return a.isEmpty() ? "（空）" : String.join("、", a.stream().map(String::valueOf).toList());
    }
    if (v instanceof Boolean b) {
      return b ? "是" : "否";
    }
    String s = String.valueOf(v);
    try {
      return switch (key) {
        case "level" -> CustomerLevel.parse(s).label();
        case "method" -> FollowUpMethod.parse(s).label();
        default -> s;
      };
    } catch (RuntimeException unknownCode) {
      return s;
    }
  }

  static String action(String code) {
    return ACTIONS.getOrDefault(code, "其他操作");
  }

  static String source(String code) {
    return SOURCES.getOrDefault(code, "其他");
  }

  /**
   * The changed fields' labels, in the order logged; bookkeeping keys (ids, the undo mark) are left
   * out.
   */
  static JsonArray fields(JsonObject changes) {
    JsonArray labels = new JsonArray();
    if (changes != null) {
      changes.fieldNames().stream()
          .map(FIELDS::get)
          .filter(l -> l != null && !labels.contains(l))
          .forEach(labels::add);
    }
    return labels;
  }
}
