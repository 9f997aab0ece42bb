package com.chatcrm.engine.lead;

import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notification.Button;
import com.chatcrm.engine.port.Notification.Field;
import com.chatcrm.engine.port.Notifier;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card that tells a rep a lead is now theirs — from a web form through the assignment rules, or
 * handed over by a manager — so that it is worked while it is fresh.
 */
final class LeadNotices {

  private static final Logger LOG = LoggerFactory.getLogger(LeadNotices.class);

  private LeadNotices() {}

  static Notification assigned(Lead l) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("公司", l.company()));
    if (l.contactName() != null) {
      fields.add(new Field("联系人", l.contactName()));
    }
    if (!l.phones().isEmpty()) {
      fields.add(new Field("电话", String.join("、", l.phones())));
    }
    fields.add(new Field("来源", l.source().label()));
    return new Notification(
        "新线索分配给你：" + l.company(),
        l.note(),
        fields,
        List.of(
            new Button("cmd:" + l.company() + " 转客户", "转客户"),
            new Button("cmd:" + l.company() + " 线索无效", "无效"),
            new Button("detail:leads", "线索列表")),
        "lead-assigned:" + l.id() + ":" + l.ownerId(),
        List.of(Notification.CHAT));
  }

  /**
   * Tells the owner after the lead is committed; a card that cannot be queued is logged, never
   * undoes the lead (the list still shows it).
   */
  static <T> Future<T> tell(Notifier notifier, long tenantId, Lead lead, T answer) {
    if (notifier == null || lead == null || lead.ownerId() == null) {
      return Future.succeededFuture(answer);
    }
    return notifier
        .push(tenantId, lead.ownerId(), assigned(lead))
        .map(answer)
        .recover(
            e -> {
              LOG.warn(
                  "Lead {} of tenant {}: the owner's card was not queued: {}",
                  lead.id(),
                  tenantId,
                  e.toString());
              return Future.succeededFuture(answer);
            });
  }
}
