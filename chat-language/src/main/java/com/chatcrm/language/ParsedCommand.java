package com.chatcrm.language;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one line was understood to say: the intent and its slots, each null (or empty) when absent.
 *
 * @param customer the customer as typed (the best candidate); {@code customerCandidates} holds the
 *     others
 * @param opportunity the deal's name for add_opportunity, or how it was referred to for move_stage
 * @param date the day something happened (a past time), or the day a pipeline / report is about
 * @param due a future time: when to be reminded, or the next follow-up
 * @param mentions colleagues' display names written as {@code @name}
 * @param nextStep for a follow-up, what was said after its next time (下周四再约 → 再约)
 * @param level for set_level, the customer level asked for (potential / intent / deal / lost)
 * @param customerId the customer's id when the line named one the linker found unambiguously
 * @param closeDate a deal's expected close date (预计年底签约, 推迟到下个月)
 * @param repeat how a reminder repeats: {@code daily}, {@code weekdays}, {@code weekly:1}..{@code
 *     weekly:7} (Monday = 1), {@code monthly:1}..{@code monthly:31}, {@code monthly:last}
 * @param plan a contract's collection plan (回款计划): {@code 2026-12-20:100000,2027-01-20:200000} as
 *     typed, or {@code split:2} for 分两期; see {@link #planItems()}
 * @param period the days an export covers, said as a calendar period: {@code today}, {@code
 *     yesterday}, {@code week}, {@code last_week}, {@code month}, {@code last_month}, {@code
 *     quarter}, {@code year}
 */
public record ParsedCommand(
    Intent intent,
    String customer,
    List<String> customerCandidates,
    String contact,
    String phone,
    String method,
    String content,
    BigDecimal amount,
    String stage,
    String scope,
    LocalDate date,
    OffsetDateTime due,
    List<String> mentions,
    String opportunity,
    String nextStep,
    String level,
    Long customerId,
    LocalDate closeDate,
    String repeat,
    String plan,
    String period) {

  public static ParsedCommand of(Intent intent) {
    return new ParsedCommand(
        intent, null, List.of(), null, null, null, null, null, null, null, null, null, List.of(),
        null, null, null, null, null, null, null, null);
  }

  /**
   * The slots present, in the order /sandbox/parse answers them (absent slots are left out):
   * strings, the amount as Long or Double, the date and due as ISO text, the mentions as a list.
   */
  public Map<String, Object> slots() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("intent", intent.code());
    putIf(j, "customer", customer);
    putIf(j, "contact", contact);
    putIf(j, "phone", phone);
    putIf(j, "method", method);
    putIf(j, "content", content);
    if (amount != null) {
      j.put(
          "amount", amount.scale() <= 0 ? (Object) amount.longValueExact() : amount.doubleValue());
    }
    putIf(j, "stage", stage);
    putIf(j, "scope", scope);
    if (date != null) {
      j.put("date", date.toString());
    }
    if (due != null) {
      j.put("due", due.toString());
    }
    if (!mentions.isEmpty()) {
      j.put("mentions", mentions);
    }
    putIf(j, "opportunity", opportunity);
    putIf(j, "nextStep", nextStep);
    putIf(j, "level", level);
    if (closeDate != null) {
      j.put("closeDate", closeDate.toString());
    }
    putIf(j, "repeat", repeat);
    putIf(j, "plan", plan);
    putIf(j, "period", period);
    return j;
  }

  /** The same command with one slot filled in, from the answer to a question. */
  public ParsedCommand with(String slot, Object value) {
    String s = value instanceof String str ? str : null;
    return new ParsedCommand(
        intent,
        slot.equals("customer") ? s : customer,
        slot.equals("customer") ? List.of(s) : customerCandidates,
        contact,
        phone,
        method,
        slot.equals("content") ? s : content,
        slot.equals("amount") ? (BigDecimal) value : amount,
        slot.equals("stage") ? s : stage,
        scope,
        date,
        slot.equals("due") ? (OffsetDateTime) value : due,
        slot.equals("mention") ? List.of(s) : mentions,
        opportunity,
        nextStep,
        slot.equals("level") ? s : level,
        slot.equals("customer") ? null : customerId,
        closeDate,
        repeat,
        plan,
        period);
  }

  /** A dated instalment of {@link #plan}. */
  public record PlanItem(LocalDate dueOn, BigDecimal amount) {}

  /** The dated instalments of {@link #plan} in due order; empty for none or a {@code split:}. */
  public List<PlanItem> planItems() {
    if (plan == null || plan.startsWith("split:")) {
      return List.of();
    }
    return java.util.Arrays.stream(plan.split(","))
        .map(x -> x.split(":"))
        .map(kv -> new PlanItem(LocalDate.parse(kv[0]), new BigDecimal(kv[1])))
        .sorted(java.util.Comparator.comparing(PlanItem::dueOn))
        .toList();
  }

  /** For 分N期: N; 0 when the plan gives dates or there is none. */
  public int planSplit() {
    return plan != null && plan.startsWith("split:") ? Integer.parseInt(plan.substring(6)) : 0;
  }

  private static void putIf(Map<String, Object> j, String key, String value) {
    if (value != null && !value.isEmpty()) {
      j.put(key, value);
    }
  }

  /** The same command about the customer the user picked or the resolver found. */
  public ParsedCommand withCustomer(String name) {
    return copy(intent, name);
  }

  ParsedCommand withIntent(Intent newIntent) {
    return copy(newIntent, customer);
  }

  private ParsedCommand copy(Intent newIntent, String newCustomer) {
    return new ParsedCommand(
        newIntent,
        newCustomer,
        customerCandidates,
        contact,
        phone,
        method,
        content,
        amount,
        stage,
        scope,
        date,
        due,
        mentions,
        opportunity,
        nextStep,
        level,
        customerId,
        closeDate,
        repeat,
        plan,
        period);
  }
}
