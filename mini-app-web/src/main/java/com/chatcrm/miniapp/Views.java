package com.chatcrm.miniapp;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.CustomerHistory;
import com.chatcrm.engine.contact.Contact;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.followup.CheckIn;
import com.chatcrm.engine.followup.FollowUp;
import com.chatcrm.engine.mention.Mention;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityBoard;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.org.OrgMember;
import com.chatcrm.engine.pool.PoolCustomer;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.report.ActivitySummaryService;
import com.chatcrm.engine.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes of the mini-app API: engine records to JSON, dates as ISO-8601 strings. */
final class Views {

  private Views() {}

  static <T> JsonArray all(List<T> items, Function<T, JsonObject> view) {
    JsonArray out = new JsonArray();
    items.forEach(i -> out.add(view.apply(i)));
    return out;
  }

  static JsonObject page(JsonArray items, Object nextCursor) {
    return new JsonObject().put("items", items).put("nextCursor", nextCursor);
  }

  /** The company a session belongs to, as login and {@code me} answer it. */
  static JsonObject tenant(Tenant tenant) {
    return new JsonObject()
        .put("id", tenant.id())
        .put("name", tenant.name())
        .put("platform", tenant.platform())
        .put("corpId", tenant.corpId())
        .put("timeZone", tenant.timeZone() == null ? "Asia/Shanghai" : tenant.timeZone().getId());
  }

  static JsonObject customer(Customer c) {
    return new JsonObject()
        .put("id", c.id())
        .put("name", c.name())
        .put("shortName", c.shortName())
        .put("aliases", new JsonArray(c.aliases()))
        .put("industry", c.industry())
        .put("region", c.region())
        .put("source", c.source())
        .put("level", c.level() == null ? null : c.level().code())
        .put("levelLabel", c.level() == null ? null : c.level().label())
        .put("phones", new JsonArray(c.phones()))
        .put("address", c.address())
        .put("tags", new JsonArray(c.tags()))
        .put("ownerId", c.ownerId())
        .put("ownerName", c.ownerName())
        .put("inPool", c.inPool())
        .put("collaboratorIds", new JsonArray(c.collaboratorIds()))
        .put("lastFollowUpAt", time(c.lastFollowUpAt()))
        .put("createdAt", time(c.createdAt()))
        .put("updatedAt", time(c.updatedAt()))
        .put("version", c.version())
        .put("deleted", c.deleted());
  }

  static JsonObject contact(Contact c) {
    return new JsonObject()
        .put("id", c.id())
        .put("customerId", c.customerId())
        .put("name", c.name())
        .put("title", c.title())
        .put("phones", new JsonArray(c.phones()))
        .put("email", c.email())
        .put("wechatId", c.wechatId())
        .put("createdAt", time(c.createdAt()))
        .put("version", c.version());
  }

  static JsonObject followUp(FollowUp f) {
    return new JsonObject()
        .put("id", f.id())
        .put("customerId", f.customerId())
        .put("customerName", f.customerName())
        .put("opportunityId", f.opportunityId())
        .put("authorId", f.authorId())
        .put("authorName", f.authorName())
        .put("method", f.method().code())
        .put("methodLabel", f.method().label())
        .put("content", f.content())
        .put("happenedAt", time(f.happenedAt()))
        .put("nextStep", f.nextStep())
        .put("nextFollowUpAt", time(f.nextFollowUpAt()))
        .put("source", f.source())
        .put("reminderId", f.reminderId())
        .put("createdAt", time(f.createdAt()))
        .put("checkIn", checkIn(f.checkIn()));
  }

  /** Where a 拜访签到 was made; null for any other follow-up. */
  static JsonObject checkIn(CheckIn c) {
    return c == null
        ? null
        : new JsonObject()
            .put("place", c.place())
            .put("address", c.address())
            .put("latitude", c.latitude())
            .put("longitude", c.longitude())
            .put("accuracyM", c.accuracyM())
            .put("checkedInAt", time(c.checkedInAt()));
  }

  static JsonObject reminder(Reminder r) {
    return new JsonObject()
        .put("id", r.id())
        .put("ownerId", r.ownerId())
        .put("customerId", r.customerId())
        .put("customerName", r.customerName())
        .put("followUpId", r.followUpId())
        .put("dueAt", time(r.dueAt()))
        .put("repeat", r.repeatRule() == null ? null : r.repeatRule().code())
        .put("text", r.text())
        .put("status", r.status().code())
        .put("version", r.version());
  }

  static JsonObject mention(Mention m) {
    return new JsonObject()
        .put("id", m.id())
        .put("fromUserId", m.fromUserId())
        .put("fromName", m.fromName())
        .put("toUserId", m.toUserId())
        .put("toName", m.toName())
        .put("customerId", m.customerId())
        .put("customerName", m.customerName())
        .put("opportunityId", m.opportunityId())
        .put("text", m.text())
        .put("status", m.status().name().toLowerCase(java.util.Locale.ROOT))
        .put("createdAt", time(m.createdAt()))
        .put("doneAt", time(m.doneAt()));
  }

  static JsonObject opportunity(Opportunity o) {
    return new JsonObject()
        .put("id", o.id())
        .put("customerId", o.customerId())
        .put("customerName", o.customerName())
        .put("name", o.name())
        .put("amount", money(o.amount()))
        .put("currency", Opportunity.CURRENCY)
        .put("expectedClose", o.expectedClose() == null ? null : o.expectedClose().toString())
        .put("stageId", o.stageId())
        .put("stageName", o.stageName())
        .put("status", o.status().code())
        .put("statusLabel", o.status().label())
        .put("lostReason", o.lostReason())
        .put("probability", o.probability())
        .put("ownerId", o.ownerId())
        .put("ownerName", o.ownerName())
        .put("closedAt", time(o.closedAt()))
        .put("updatedAt", time(o.updatedAt()))
        .put("version", o.version());
  }

  static JsonObject stage(Stage s) {
    return new JsonObject()
        .put("id", s.id())
        .put("name", s.name())
        .put("position", s.position())
        .put("probability", s.probability())
        .put("kind", s.kind().code());
  }

  static JsonObject column(OpportunityBoard.Column c) {
    return new JsonObject()
        .put("stage", stage(c.stage()))
        .put("count", c.count())
        .put("amount", money(c.amount()))
        .put("cards", all(c.cards(), Views::opportunity));
  }

  static JsonObject poolCustomer(PoolCustomer c) {
    return new JsonObject()
        .put("id", c.id())
        .put("name", c.name())
        .put("shortName", c.shortName())
        .put("industry", c.industry())
        .put("region", c.region())
        .put("level", c.level() == null ? null : c.level().code())
        .put("levelLabel", c.level() == null ? null : c.level().label())
        .put("tags", new JsonArray(c.tags()))
        .put("poolSince", time(c.poolSince()))
        .put("lastFollowUpAt", time(c.lastFollowUpAt()))
        .put("previousOwnerName", c.previousOwnerName())
        .put("version", c.version());
  }

  static JsonObject audit(AuditEntry a) {
    return new JsonObject()
        .put("id", a.id())
        .put("actorId", a.actorId())
        .put("action", a.action())
        .put("actionLabel", AuditLabels.action(a.action()))
        .put("entityType", a.entityType())
        .put("entityId", a.entityId())
        .put("source", a.source())
        .put("sourceLabel", AuditLabels.source(a.source()))
        .put("changes", a.changes())
        .put("fieldLabels", AuditLabels.fields(a.changes()))
        .put("at", time(a.at()));
  }

  /** An entry of a customer's 操作记录: who, what it was about, and each field's old → new. */
  static JsonObject historyLine(CustomerHistory.Line l) {
    return audit(l.entry())
        .put("actorName", l.actorName())
        .put("entityLabel", AuditLabels.entity(l.entry().entityType(), l.subject()))
        .put("changeLines", AuditLabels.changeLines(l.entry().changes()));
  }

  static JsonObject member(OrgMember m) {
    return new JsonObject()
        .put("id", m.id())
        .put("name", m.name())
        .put("role", m.role())
        .put("departments", new JsonArray(m.departments()));
  }

  static JsonObject activity(ActivitySummaryService.ActivitySummary a) {
    JsonArray days = new JsonArray();
    a.days()
        .forEach(
            d ->
                days.add(
                    new JsonObject()
                        .put("day", d.day().toString())
                        .put("followUps", d.followUps())));
    JsonArray ranking = new JsonArray();
    a.ranking()
        .forEach(
            r ->
                ranking.add(
                    new JsonObject()
                        .put("userId", r.userId())
                        .put("name", r.name())
                        .put("followUps", r.followUps())
                        .put("wonCount", r.wonCount())
                        .put("wonAmount", money(r.wonAmount()))));
    return new JsonObject()
        .put("from", a.from().toString())
        .put("to", a.to().toString())
        .put("days", days)
        .put("ranking", ranking);
  }

  /** Money as a plain decimal string: no binary floating point on the way to the page. */
  static String money(BigDecimal amount) {
    return amount == null ? null : amount.toPlainString();
  }

  static String time(TemporalAccessor t) {
    return t == null ? null : t.toString();
  }
}
