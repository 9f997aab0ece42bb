package com.chatcrm.engine.contract;

import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.DateBounds;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Validation of what a contract and a receipt are given; each refusal names its field. */
final class ContractFields {

  static final int MAX_NUMBER = 40;
  static final int MAX_NOTE = 500;
  static final int MAX_INSTALMENTS = 60;
  private static final int MAX_INTEGER_DIGITS = 14;

  private ContractFields() {}

  /** A positive amount in yuan with at most two decimals. */
  static BigDecimal positive(String field, BigDecimal amount, String what) {
    if (amount == null || amount.signum() <= 0) {
      throw InvalidInput.field(field, what + "必须大于 0");
    }
    if (amount.stripTrailingZeros().scale() > 2) {
      throw InvalidInput.field(field, what + "最多保留两位小数（单位：元）");
    }
    BigDecimal exact = amount.setScale(2);
    if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
      throw InvalidInput.field(field, what + "过大");
    }
    return exact;
  }

  /** Null when none was given (one is generated). */
  static String number(String number) {
    if (number == null || number.isBlank()) {
      return null;
    }
    String n = number.strip();
    if (n.length() > MAX_NUMBER) {
      throw InvalidInput.field("number", "合同编号最多 " + MAX_NUMBER + " 个字");
    }
    return n;
  }

  static void period(LocalDate startsOn, LocalDate endsOn) {
    DateBounds.refuse("startsOn", startsOn);
    DateBounds.refuse("endsOn", endsOn);
    if (startsOn != null && endsOn != null && endsOn.isBefore(startsOn)) {
      throw InvalidInput.field("endsOn", "合同结束日期不能早于开始日期");
    }
  }

  /** The plan in due order; together it may not exceed the contract's amount. */
  static List<PlannedInstalment> plan(List<PlannedInstalment> plan, BigDecimal contractAmount) {
    if (plan.size() > MAX_INSTALMENTS) {
      throw InvalidInput.field("plan", "回款计划最多 " + MAX_INSTALMENTS + " 期");
    }
    List<PlannedInstalment> out = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (PlannedInstalment p : plan) {
      if (p.dueOn() == null) {
        throw InvalidInput.field("plan", "每一期回款都要有到期日");
      }
      DateBounds.refuse("plan", p.dueOn());
      BigDecimal amount = positive("plan", p.amount(), "每期回款金额");
      total = total.add(amount);
      out.add(new PlannedInstalment(p.dueOn(), amount));
    }
    if (total.compareTo(contractAmount) > 0) {
      throw InvalidInput.field("plan", "回款计划合计超过合同金额");
    }
    out.sort(Comparator.comparing(PlannedInstalment::dueOn));
    return out;
  }

  static String note(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    String n = note.strip();
    if (n.length() > MAX_NOTE) {
      throw InvalidInput.field("note", "备注最多 " + MAX_NOTE + " 个字");
    }
    return n;
  }
}
