package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reminders: setting one about a customer, a customer's reminders, the user's 今日提醒, marking one
 * done, snoozing it or changing its time and text.
 */
final class ReminderRoutes {

  private final Clock clock;
  private final TenantService tenants;
  private final CustomerService customers;
  private final ReminderService reminders;

  ReminderRoutes(Engine engine) {
    this.clock = engine.clock();
    this.tenants = engine.tenants();
    this.customers = engine.customers();
    this.reminders = engine.reminders();
  }

  void addTo(Operations operations) {
    operations.on("setReminder", 201, this::setReminder);
    operations.on("myReminders", 200, this::myReminders);
    // the engine lists only the reminders the user may act on: each one is editable
    operations.on(
        "customerReminders",
        200,
        c ->
            reminders
                .ofCustomer(c.actor(), c.id(), 50)
                .map(
                    l ->
                        new JsonObject()
                            .put(
                                "items",
                                Views.all(
                                    l,
                                    r ->
                                        Views.reminder(r.reminder())
                                            .put("ownerName", r.ownerName())
                                            .put("canEdit", true)))));
    operations.on(
        "reminderDone",
        200,
        c -> reminders.done(c.actor(), c.id(), c.bodyInt("version")).map(Views::reminder));
    operations.on(
        "reminderSnooze",
        200,
        c ->
            reminders
                .snooze(c.actor(), c.id(), c.bodyInt("version"), c.instant("until"))
                .map(Views::reminder));
    operations.on(
        "editReminder",
        200,
        c ->
            reminders
                .edit(
                    c.actor(),
                    c.id(),
                    c.bodyInt("version"),
                    c.instant("dueAt"),
                    c.body().getString("text"))
                .map(Views::reminder));
  }

  private Future<Object> setReminder(Call c) {
    JsonObject b = c.body();
    Instant due = c.instant("dueAt");
    // The reminder may only be about a customer the user can read.
    return customers
        .get(c.actor(), c.id())
        .compose(
            customer ->
                reminders.create(
                    c.actor(),
                    NewReminder.at(due, b.getString("text")).aboutCustomer(customer.id())))
        .map(Views::reminder);
  }

  /**
   * 今日提醒: the overdue ones, those due before midnight in the tenant's zone ({@code today}), and how
   * many come later ({@code laterCount}, of the next 50); {@code upcoming} still lists every one
   * not yet due.
   */
  private Future<Object> myReminders(Call c) {
    Actor actor = c.actor();
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant ->
                reminders
                    .overdue(actor, 50)
                    .compose(
                        overdue ->
                            reminders
                                .upcoming(actor, 50)
                                .map(
                                    upcoming -> {
                                      Instant now = Instant.now(clock);
                                      ZoneId zone =
                                          tenant.timeZone() == null
                                              ? ZoneId.of("Asia/Shanghai")
                                              : tenant.timeZone();
                                      Instant midnight =
                                          now.atZone(zone)
                                              .toLocalDate()
                                              .plusDays(1)
                                              .atStartOfDay(zone)
                                              .toInstant();
                                      List<Reminder> later = new ArrayList<>();
                                      List<Reminder> today = new ArrayList<>();
                                      upcoming.forEach(
                                          r -> {
                                            if (!r.overdue(now)) {
                                              later.add(r);
                                              if (r.dueAt().isBefore(midnight)) {
                                                today.add(r);
                                              }
                                            }
                                          });
                                      return new JsonObject()
                                          .put("overdue", Views.all(overdue, Views::reminder))
                                          .put("today", Views.all(today, Views::reminder))
                                          .put("laterCount", later.size() - today.size())
                                          .put("upcoming", Views.all(later, Views::reminder));
                                    })));
  }
}
