package com.chatcrm.engine.lead;

import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One rule handing out leads that arrive without an acting user: a lead whose region (or industry)
 * equals {@code match} — any lead for round robin — goes to the next active member of {@code
 * departmentId}, in turn.
 *
 * @param id 0 for a rule not stored yet
 */
public record LeadAssignmentRule(
    long id, Kind kind, String match, long departmentId, boolean enabled) {

  /** 轮流分配 / 按地区 / 按行业. */
  public enum Kind {
    ROUND_ROBIN,
    REGION,
    INDUSTRY;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a code; null for an unknown one. */
    public static Kind of(String code) {
      for (Kind k : values()) {
        if (k.code().equals(code)) {
          return k;
        }
      }
      return null;
    }
  }

  public static LeadAssignmentRule roundRobin(long departmentId) {
    return new LeadAssignmentRule(0, Kind.ROUND_ROBIN, null, departmentId, true);
  }

  public static LeadAssignmentRule region(String region, long departmentId) {
    return new LeadAssignmentRule(0, Kind.REGION, region, departmentId, true);
  }

  public static LeadAssignmentRule industry(String industry, long departmentId) {
    return new LeadAssignmentRule(0, Kind.INDUSTRY, industry, departmentId, true);
  }

  /** Whether a lead of this region and industry is this rule's. */
  boolean matches(String region, String industry) {
    return switch (kind) {
      case ROUND_ROBIN -> true;
      case REGION -> match.equals(trim(region));
      case INDUSTRY -> match.equals(trim(industry));
    };
  }

  /** The rule as stored: trimmed, checked. */
  LeadAssignmentRule validated() {
    if (kind == null) {
      throw InvalidInput.field("kind", "分配方式必须是 round_robin、region 或 industry");
    }
    String m = trim(match);
    if (kind == Kind.ROUND_ROBIN) {
      m = null;
    } else if (m == null) {
      throw InvalidInput.field("match", kind == Kind.REGION ? "请填写地区" : "请填写行业");
    } else if (m.length() > 100) {
      throw InvalidInput.field("match", "不能超过 100 个字");
    }
    return new LeadAssignmentRule(id, kind, m, departmentId, enabled);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("kind", kind.code())
        .put("match", match)
        .put("departmentId", departmentId)
        .put("enabled", enabled);
  }

  static String trim(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }
}
