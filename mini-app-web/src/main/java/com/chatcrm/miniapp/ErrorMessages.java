package com.chatcrm.miniapp;

import com.chatcrm.engine.error.EngineException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the mini-app tells its user when the engine refuses: always a Chinese message under the
 * engine's stable code. A record the user may not see answers exactly like one that does not exist
 * (404, "客户不存在或你无权查看"), so an answer never confirms that a colleague's customer is there, nor names
 * it.
 */
final class ErrorMessages {

  /** One refusal as answered: status, code, message, details. */
  record Answer(int status, String code, String message, JsonObject details) {}

  private static final Pattern RECORD_PATH =
      Pattern.compile(
          "^/(?:api/)?(customers|reminders|mentions|opportunities|contacts|follow-ups|contracts|leads)/\\d+");
  private static final Map<String, String> ENTITY =
      Map.of(
          "customers", "客户",
          "reminders", "提醒",
          "mentions", "@消息",
          "opportunities", "商机",
          "contacts", "联系人",
          "follow-ups", "跟进记录",
          "contracts", "合同",
          "leads", "线索");
  // the engine's wording for "this belongs to someone whose records you may not see"
  private static final Pattern HIDDEN = Pattern.compile("may not see|无权查看|没有权限查看");

  private ErrorMessages() {}

  static Answer of(EngineException e, String path) {
    String code = e.code();
    String entity = entity(path);
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (entity != null
        && ("not_found".equals(code)
            || "forbidden".equals(code) && HIDDEN.matcher(message).find())) {
      return new Answer(404, "not_found", entity + "不存在或你无权查看", new JsonObject());
    }
    JsonObject details = e.details() == null ? new JsonObject() : e.details();
    // the engine prefixes a field's refusal with the field's name ("toUserId: …"), which a user
    // cannot read
    String said = message.replaceFirst("^[A-Za-z][A-Za-z0-9_.]*: ", "");
    return new Answer(
        ApiErrors.status(code), code, isChinese(said) ? said : inChinese(code, details), details);
  }

  /** A validator's refusal of a parameter or body property. */
  static String invalidRequest(String field) {
    return field == null ? "请求不合法，请检查填写的内容" : "请求不合法：「" + field + "」缺失或取值无效";
  }

  private static String entity(String path) {
    Matcher m = RECORD_PATH.matcher(path == null ? "" : path);
    return m.find() ? ENTITY.get(m.group(1)) : null;
  }

  private static boolean isChinese(String message) {
    return message.codePoints().anyMatch(Character::isIdeographic);
  }

  private static String inChinese(String code, JsonObject details) {
    return switch (code) {
      case "invalid_input" ->
          details.getString("field") == null
              ? "输入有误，请检查后再试"
              : "输入有误：「" + details.getString("field") + "」取值无效";
      case "unauthorized" -> "请先登录（会话缺失或已过期）";
      case "forbidden" -> "你没有权限做这件事：只有负责人、其上级或管理员可以";
      case "not_found" -> "没有找到，可能已被删除或你无权查看";
      case "stale_version" -> "这条记录刚被别人修改过，请刷新后再试";
      case "duplicate" -> "已有相同名称或电话的记录";
      case "duplicate_phone" -> "该电话已被其他联系人使用";
      case "conflict" -> "操作与当前状态冲突，请刷新后再试";
      case "limit_reached" -> "已达到上限，暂时不能再这样做";
      default -> "无法完成这个操作";
    };
  }
}
