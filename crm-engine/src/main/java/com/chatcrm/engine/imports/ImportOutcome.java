package com.chatcrm.engine.imports;

/**
 * One row of an import as the user reads it: its line in the file, the customer's (or lead's
 * company) name, what the preview found ({@code new}, {@code duplicate}, {@code in_file}, {@code
 * error}) and, once imported, what happened ({@code created}, {@code skipped}, {@code failed}; null
 * before), with the reason and what it created.
 */
public record ImportOutcome(
    int rowNo,
    String name,
    String verdict,
    String outcome,
    String reason,
    Long customerId,
    Long leadId) {

  /** 新建 / 重复 / 错误 before the import; 已新建 / 已跳过 / 失败 after. */
  public String label() {
    if (outcome != null) {
      return switch (outcome) {
        case "created" -> "新建";
        case "skipped" -> "重复跳过";
        default -> "错误";
      };
    }
    return switch (verdict) {
      case "new" -> "新建";
      case "duplicate", "in_file" -> "重复";
      default -> "错误";
    };
  }
}
