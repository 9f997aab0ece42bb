package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * 拜访签到: a follow-up of method 拜访 at the server's time (a phone's clock is not trusted) with the
 * position the platform's JS-SDK gave, on a customer the actor may follow up — the same gate as
 * logging any follow-up, a hidden customer answering like a missing one. Audited.
 */
final class VisitCheckIns {

  static final int MAX_PLACE = 200;
  static final int MAX_ADDRESS = 300;
  static final double MAX_ACCURACY_M = 100_000;

  /**
   * A second tap within this time on the same customer is the same check-in (a slow network makes
   * people tap twice), not a second visit.
   */
  static final Duration SAME_CHECK_IN = Duration.ofMinutes(1);

  /**
   * $1 tenant, $2 customer, $3 author, $4 content, $5 server time, $6 source, $7–$11 the position.
   */
  private static final String INSERT =
      """
      WITH touched AS (
        UPDATE customer SET last_follow_up_at = greatest(last_follow_up_at, $5), pool_warned_at = NULL
         WHERE tenant_id = $1 AND id = $2)
      INSERT INTO follow_up (tenant_id, customer_id, author_id, method, content, happened_at, checked_in_at,
                             source, place, address, latitude, longitude, accuracy_m)
      VALUES ($1, $2, $3, 'visit', $4, $5, $5, $6, $7, $8, $9, $10, $11)
      RETURNING id
      """;

  private static final String RECENT =
      "SELECT id FROM follow_up WHERE tenant_id = $1 AND customer_id = $2 AND author_id = $3"
          + " AND checked_in_at >= $4 AND deleted_at IS NULL ORDER BY checked_in_at DESC LIMIT 1";

  private final Pool pool;
  private final Clock clock;

  VisitCheckIns(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  Future<FollowUp> checkIn(Actor actor, long customerId, NewVisit visit) {
    if (actor.isSystem()) {
      return Future.failedFuture(
          new Forbidden("a visit needs a visitor: the system cannot check in"));
    }
    Valid v;
    try {
      v = Valid.of(visit);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return AccessTransaction.run(
        pool, actor, (tx, access) -> record(tx, access, customerId, v, now));
  }

  private Future<FollowUp> record(
      SqlClient tx, Access access, long customerId, Valid v, Instant now) {
    Actor actor = access.actor();
    long tenant = actor.tenantId();
    // the row lock on the customer also queues a double tap behind the first one's commit
    return CustomerGuard.editable(tx, access, customerId, true)
        .compose(
            customer ->
                tx.preparedQuery(RECENT)
                    .execute(
                        Tuple.of(
                            tenant,
                            customer.id(),
                            actor.userId(),
                            FollowUpService.utc(now.minus(SAME_CHECK_IN))))
                    .compose(
                        recent -> {
                          if (recent.size() > 0) {
                            return FollowUpService.load(
                                tx, tenant, recent.iterator().next().getLong("id"), false);
                          }
                          return insert(tx, actor, customer.id(), v, now);
                        }));
  }

  private static Future<FollowUp> insert(
      SqlClient tx, Actor actor, long customerId, Valid v, Instant now) {
    long tenant = actor.tenantId();
    return tx.preparedQuery(INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  tenant,
                  customerId,
                  actor.userId(),
                  v.content,
                  FollowUpService.utc(now),
                  actor.source().followUpSource(),
                  v.place,
                  v.address,
                  v.latitude,
                  v.longitude,
                  v.accuracy
                }))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(
            id ->
                AuditLog.record(
                        tx,
                        actor,
                        "create",
                        "follow_up",
                        id,
                        v.toJson().put("customerId", customerId).put("checkedInAt", now.toString()))
                    .compose(x -> FollowUpService.load(tx, tenant, id, false)));
  }

  /** The checked, normalised check-in. */
  private record Valid(
      double latitude,
      double longitude,
      Double accuracy,
      String place,
      String address,
      String content) {

    static Valid of(NewVisit in) {
      if (in == null) {
        throw InvalidInput.field("latitude", "缺少定位，请允许获取位置后再签到");
      }
      double lat = coordinate("latitude", "纬度", in.latitude(), 90);
      double lng = coordinate("longitude", "经度", in.longitude(), 180);
      Double accuracy = in.accuracy();
      if (accuracy != null && (accuracy.isNaN() || accuracy < 0 || accuracy > MAX_ACCURACY_M)) {
        throw InvalidInput.field("accuracy", "定位精度必须在 0 到 100000 米之间");
      }
      String place = line("place", "地点", in.place(), MAX_PLACE);
      String address = line("address", "地址", in.address(), MAX_ADDRESS);
      String shown = place != null ? place : address;
      String note = ControlCharacters.refuse("note", in.note());
      note = note == null || note.isBlank() ? null : note.strip();
      if (note != null && note.length() > FollowUpService.MAX_CONTENT) {
        throw InvalidInput.field("note", "备注不能超过 " + FollowUpService.MAX_CONTENT + " 个字");
      }
      String content = note != null ? note : "拜访签到：" + (shown != null ? shown : position(lat, lng));
      return new Valid(lat, lng, accuracy, shown, address, content);
    }

    private static double coordinate(String field, String name, Double value, double bound) {
      if (value == null) {
        throw InvalidInput.field(field, "缺少定位（" + name + "），请允许获取位置后再签到");
      }
      if (value.isNaN() || value.isInfinite() || value < -bound || value > bound) {
        throw InvalidInput.field(field, name + "必须在 -" + (int) bound + " 到 " + (int) bound + " 之间");
      }
      return value;
    }

    private static String line(String field, String name, String text, int max) {
      String t = ControlCharacters.refuseInLine(field, text);
      if (t == null || t.isBlank()) {
        return null;
      }
      t = t.strip();
      if (t.length() > max) {
        throw InvalidInput.field(field, name + "不能超过 " + max + " 个字");
      }
      return t;
    }

    /** 北纬 31.2304，东经 121.4737: a check-in with no place still says where it was. */
    private static String position(double lat, double lng) {
      return String.format(
          Locale.ROOT,
          "%s %.4f，%s %.4f",
          lat >= 0 ? "北纬" : "南纬",
          Math.abs(lat),
          lng >= 0 ? "东经" : "西经",
          Math.abs(lng));
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("method", FollowUpMethod.VISIT.code())
          .put("content", content)
          .put("place", place)
          .put("address", address)
          .put("latitude", latitude)
          .put("longitude", longitude)
          .put("accuracyM", accuracy);
    }
  }
}
