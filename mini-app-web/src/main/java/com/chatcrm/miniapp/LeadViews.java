package com.chatcrm.miniapp;

import com.chatcrm.engine.lead.ConvertedLead;
import com.chatcrm.engine.lead.Lead;
import com.chatcrm.engine.lead.LeadAssignmentRule;
import com.chatcrm.engine.lead.LeadDuplicate;
import com.chatcrm.engine.org.OrgQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** The JSON shapes of leads (线索), their duplicates and the assignment rules. */
final class LeadViews {

  private LeadViews() {}

  static JsonObject lead(Lead l) {
    return new JsonObject()
        .put("id", l.id())
        .put("company", l.company())
        .put("contactName", l.contactName())
        .put("phones", new JsonArray(l.phones() == null ? List.of() : l.phones()))
        .put("source", l.source().code())
        .put("sourceLabel", l.source().label())
        .put("status", l.status().code())
        .put("statusLabel", l.status().label())
        .put("ownerId", l.ownerId())
        .put("ownerName", l.ownerName())
        .put("inPool", l.ownerId() == null)
        .put("region", l.region())
        .put("industry", l.industry())
        .put("note", l.note())
        .put("invalidReason", l.invalidReason())
        .put("customerId", l.customerId())
        .put("opportunityId", l.opportunityId())
        .put("createdAt", Views.time(l.createdAt()))
        .put("updatedAt", Views.time(l.updatedAt()))
        .put("version", l.version());
  }

  /**
   * A record the capture matched. One the user may not see is only said to exist: neither its id
   * nor its name (a phone may match another company's) nor its owner.
   */
  static JsonObject duplicate(LeadDuplicate d) {
    JsonObject out =
        new JsonObject()
            .put("kind", d.kind())
            .put("kindLabel", "lead".equals(d.kind()) ? "线索" : "客户")
            .put("visible", d.visible())
            .put("inPool", d.inPool());
    if (d.visible()) {
      out.put("id", d.id()).put("name", d.name()).put("ownerName", d.ownerName());
    }
    return out;
  }

  static JsonObject converted(ConvertedLead c) {
    return new JsonObject()
        .put("lead", lead(c.lead()))
        .put("customerId", c.customer().id())
        .put("customerName", c.customer().name())
        .put("contactId", c.contactId())
        .put("opportunityId", c.opportunity() == null ? null : c.opportunity().id());
  }

  static JsonObject rule(LeadAssignmentRule r, Map<Long, String> departmentNames) {
    return new JsonObject()
        .put("id", r.id())
        .put("kind", r.kind().code())
        .put(
            "kindLabel",
            switch (r.kind()) {
              case ROUND_ROBIN -> "轮流分配";
              case REGION -> "按地区";
              case INDUSTRY -> "按行业";
            })
        .put("match", r.match())
        .put("departmentId", r.departmentId())
        .put("departmentName", departmentNames.get(r.departmentId()))
        .put("enabled", r.enabled());
  }

  static JsonObject department(OrgQueries.Department d) {
    return new JsonObject().put("id", d.id()).put("name", d.name()).put("parentId", d.parentId());
  }
}
