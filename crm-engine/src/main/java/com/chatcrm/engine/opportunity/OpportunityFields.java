package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.input.DateBounds;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The validated editable values of an opportunity; amounts are exact yuan with two decimals. */
record OpportunityFields(String name, BigDecimal amount, LocalDate expectedClose, int probability) {

  static final int MAX_NAME = 200;
  // numeric(16,2): fourteen digits before the point
  static final int MAX_INTEGER_DIGITS = 14;

  static OpportunityFields of(
      String name, BigDecimal amount, LocalDate expectedClose, int probability) {
    return new OpportunityFields(
        validName(name),
        validAmount(amount),
        DateBounds.refuse("expectedClose", expectedClose),
        validProbability(probability));
  }

  static OpportunityFields of(Opportunity o) {
    return new OpportunityFields(o.name(), o.amount(), o.expectedClose(), o.probability());
  }

  OpportunityFields apply(OpportunityChanges ch) {
    return of(
        ch.name() != null ? ch.name() : name,
        ch.amount() != null ? ch.amount() : amount,
        ch.clearExpectedClose()
            ? null
            : ch.expectedClose() != null ? ch.expectedClose() : expectedClose,
        ch.probability() != null ? ch.probability() : probability);
  }

  static String validName(String name) {
    String n = ControlCharacters.refuseInLine("name", name) == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw InvalidInput.field("name", "商机名称不能为空");
    }
    if (n.length() > MAX_NAME) {
      throw InvalidInput.field("name", "商机名称不能超过 " + MAX_NAME + " 个字");
    }
    return n;
  }

  /** Null is 0; negative, sub-fen or oversized amounts are refused rather than rounded. */
  static BigDecimal validAmount(BigDecimal amount) {
    if (amount == null) {
      return BigDecimal.ZERO.setScale(2);
    }
    if (amount.signum() < 0) {
      throw InvalidInput.field("amount", "金额不能为负数");
    }
    if (amount.stripTrailingZeros().scale() > 2) {
      throw InvalidInput.field("amount", "金额最多保留两位小数（单位：元）");
    }
    BigDecimal exact = amount.setScale(2);
    if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
      throw InvalidInput.field("amount", "金额过大");
    }
    return exact;
  }

  static int validProbability(int probability) {
    if (probability < 0 || probability > 100) {
      throw InvalidInput.field("probability", "赢率必须在 0 到 100 之间");
    }
    return probability;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("amount", amount.toPlainString())
        .put("expectedClose", expectedClose == null ? null : expectedClose.toString())
        .put("probability", probability);
  }
}
