package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.EngineException;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.transfer.CustomerTransfers;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The buttons the command language puts on its cards: {@code cmd:<line>} runs a prepared command
 * line as the clicking user and sends its answer as a new message; {@code undo:<kind>:<id>[:<arg>]}
 * takes back what was just done (for {@link #UNDO_WINDOW}); {@code open:...} points at the
 * mini-app.
 */
public final class CommandButtons implements CardActions.Extra {

  /** The undo keys this class hands out; anything else under {@code undo:} is malformed. */
  static final java.util.regex.Pattern UNDO_KEY =
      java.util.regex.Pattern.compile(
          "undo:(customer|followup|reminder|opportunity|claim|mention|contact|restore|contract|lead|lead-convert|lead-invalid):\\d{1,18}"
              + "|undo:receipt:\\d{1,18}:\\d{1,18}"
              + "|undo:stage:\\d{1,18}:\\d{1,18}"
              + "|undo:deal:\\d{1,18}:\\d{1,15}(\\.\\d{1,2})?:(\\d{4}-\\d{2}-\\d{2}|none)"
              + "|undo:contact-back:\\d{1,18}:[A-Za-z0-9_-]{1,200}:[0-9+-]{0,20}"
              // a transfer out of the 公海 had no previous owner: its key ends in null
              + "|undo:transfer:\\d{1,18}:(\\d{1,18}|null)"
              + "|undo:level:\\d{1,18}:(potential|intent|deal|lost)");

  /** How long after a change its 撤销 button still works. */
  public static final Duration UNDO_WINDOW = Duration.ofMinutes(10);

  private final ChatCommands commands;
  private final Outbox outbox;
  private final EventBus eventBus;
  private final Clock clock;
  private final OrgService org;
  private final TenantService tenants;
  private final CustomerService customers;
  private final com.chatcrm.engine.contact.ContactService contacts;
  private static final String WRITE_FOLLOW_UP = "followup.new:";
  private final FollowUpService followUps;
  private final ReminderService reminders;
  private final OpportunityService opportunities;
  private final PoolService poolService;
  private final com.chatcrm.engine.mention.MentionService mentions;
  private final Confirmations confirmations;
  private final CustomerTransfers transfers;
  private final com.chatcrm.engine.lead.LeadService leads;
  private final com.chatcrm.engine.contract.ContractService contracts;

  public CommandButtons(Engine engine, ChatCommands commands, EventBus eventBus) {
    this.commands = commands;
    this.outbox = engine.outbox();
    this.eventBus = eventBus;
    this.clock = engine.clock();
    this.org = engine.org();
    this.tenants = engine.tenants();
    this.customers = engine.customers();
    this.contacts = engine.contacts();
    this.followUps = engine.followUps();
    this.reminders = engine.reminders();
    this.opportunities = engine.opportunities();
    this.poolService = engine.poolService();
    this.mentions = engine.mentions();
    this.confirmations = new Confirmations(engine);
    // a typed 撤销 goes the way of the button it stands for
    commands.undoWith(this);
    // the chat's own: it tells the colleague a transfer is taken back from
    this.transfers = engine.transfers();
    this.leads = engine.leads();
    this.contracts = engine.contracts();
  }

  @Override
  public boolean handles(String buttonKey) {
    return buttonKey != null
        && (buttonKey.startsWith("cmd:")
            || buttonKey.startsWith("undo:")
            || buttonKey.startsWith("detail:")
            || buttonKey.startsWith(WRITE_FOLLOW_UP)
            || Confirmations.handles(buttonKey));
  }

  @Override
  public Future<String> perform(
      long tenantId, String platformUserId, String buttonKey, String clickKey) {
    if (buttonKey.startsWith("detail:")) {
      return Future.succeededFuture("请在工作台打开 Chat CRM");
    }
    if (buttonKey.startsWith(WRITE_FOLLOW_UP)) {
      return writeFollowUp(
          tenantId, platformUserId, buttonKey.substring(WRITE_FOLLOW_UP.length()), clickKey);
    }
    if (buttonKey.startsWith("cmd:")) {
      return runLine(tenantId, platformUserId, buttonKey.substring(4), clickKey);
    }
    if (Confirmations.handles(buttonKey)) {
      return org.userId(tenantId, platformUserId)
          .compose(
              userId ->
                  confirmations.perform(
                      Actor.user(tenantId, userId, Source.chat(clickKey)), buttonKey, clickKey));
    }
    if (!UNDO_KEY.matcher(buttonKey).matches()) {
      return Future.succeededFuture(
          CardActions.expired(buttonKey, platformUserId, "not an undo key we hand out"));
    }
    String[] parts = buttonKey.split(":", -1);
    long id = Long.parseLong(parts[2]);
    return org.userId(tenantId, platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenantId, userId, Source.chat(clickKey));
              return switch (parts[1]) {
                case "customer" ->
                    customers
                        .get(actor, id)
                        .compose(
                            c ->
                                within(c.createdAt().toInstant())
                                    .compose(v -> customers.delete(actor, id)))
                        .map("✓ 已撤销");
                case "followup" ->
                    followUps
                        .get(actor, id)
                        .compose(
                            f -> within(f.createdAt()).compose(v -> followUps.delete(actor, id)))
                        .map("✓ 已撤销");
                case "reminder" ->
                    reminders
                        .get(actor, id)
                        .compose(
                            r ->
                                within(r.createdAt())
                                    .compose(v -> reminders.cancel(actor, id, r.version())))
                        .map("✓ 已撤销");
                case "opportunity" ->
                    opportunities
                        .get(actor, id)
                        .compose(
                            o ->
                                within(o.createdAt().toInstant())
                                    .compose(v -> opportunities.delete(actor, id)))
                        .map("✓ 已撤销");
                case "stage" -> {
                  long back = parts.length > 3 ? Long.parseLong(parts[3]) : 0;
                  yield opportunities
                      .get(actor, id)
                      .compose(
                          o ->
                              within(o.updatedAt().toInstant())
                                  .compose(
                                      v -> opportunities.moveBack(actor, id, o.version(), back)))
                      .map("✓ 已撤销");
                }
                case "claim" -> poolService.release(actor, id, "撤销领取").map("✓ 已撤销");
                // the previous owner comes from the transfer's audit entry (the key's last part may
                // say null: the pool)
                case "transfer" -> transfers.undo(actor, id, UNDO_WINDOW).map("✓ 已撤销");
                case "level" ->
                    customers
                        .get(actor, id)
                        .compose(
                            c ->
                                within(c.updatedAt().toInstant())
                                    .compose(
                                        v ->
                                            customers.update(
                                                actor,
                                                id,
                                                c.version(),
                                                com.chatcrm.engine.customer.CustomerChanges.none()
                                                    .level(
                                                        com.chatcrm.engine.customer.CustomerLevel
                                                            .parse(parts[3])))))
                        .map("✓ 已撤销");
                case "deal" ->
                    opportunities
                        .get(actor, id)
                        .compose(
                            o ->
                                within(o.updatedAt().toInstant())
                                    .compose(
                                        v ->
                                            opportunities.update(
                                                actor,
                                                id,
                                                o.version(),
                                                DealEdits.undoChanges(parts[3], parts[4]))))
                        .map("✓ 已撤销");
                case "contact" ->
                    contacts
                        .get(actor, id)
                        .compose(
                            x -> within(x.createdAt()).compose(v -> contacts.delete(actor, id)))
                        .map("✓ 已撤销");
                case "contact-back" ->
                    contacts
                        .get(actor, id)
                        .compose(
                            x ->
                                within(x.updatedAt())
                                    .compose(
                                        v ->
                                            contacts.update(
                                                actor,
                                                id,
                                                x.version(),
                                                ContactEdits.undoChanges(parts[3], parts[4]))))
                        .map("✓ 已撤销");
                // a deleted customer comes back with its follow-ups and deals
                case "restore" -> customers.restore(actor, id).map("✓ 已撤销");
                // a converted lead goes back with what its conversion made; an invalid one reopens
                case "lead-convert" ->
                    leads
                        .get(actor, id)
                        .compose(
                            l ->
                                within(l.updatedAt())
                                    .compose(
                                        v ->
                                            leads.undoConvert(
                                                actor, id, clock.instant().minus(UNDO_WINDOW))))
                        .map("✓ 已撤销");
                case "lead" ->
                    leads.withdraw(actor, id, clock.instant().minus(UNDO_WINDOW)).map("✓ 已撤销");
                case "lead-invalid" ->
                    leads
                        .get(actor, id)
                        .compose(l -> within(l.updatedAt()).compose(v -> leads.reopen(actor, id)))
                        .map("✓ 已撤销");
                // the engine checks the window and that no money came in on it since
                case "contract" -> contracts.voidContract(actor, id, UNDO_WINDOW).map("✓ 已撤销");
                case "receipt" ->
                    contracts
                        .withdrawReceipt(actor, id, Long.parseLong(parts[3]), UNDO_WINDOW)
                        .map("✓ 已撤销");
                case "mention" ->
                    mentions
                        .get(actor, id)
                        .compose(
                            m -> within(m.createdAt()).compose(v -> mentions.cancel(actor, id)))
                        .map("✓ 已撤销");
                default -> Future.succeededFuture(CardActions.EXPIRED);
              };
            })
        .recover(
            e ->
                e instanceof EngineException refused
                    ? Future.succeededFuture("无法撤销：" + shorten(CardTexts.inChinese(refused)))
                    : Future.failedFuture(e));
  }

  /** Runs a prepared line as the user who clicked and sends the full answer to their chat. */
  private Future<String> runLine(
      long tenantId, String platformUserId, String line, String clickKey) {
    return commands
        .reply(tenantId, platformUserId, line, clickKey)
        .compose(
            reply ->
                tenants
                    .get(tenantId)
                    .compose(
                        t ->
                            outbox.enqueue(
                                Actor.system(tenantId, "command-button"),
                                t.platform(),
                                platformUserId,
                                reply.toJson(),
                                "reply:" + t.platform() + ":" + clickKey))
                    .onSuccess(id -> eventBus.send(OutboxDispatcher.ADDRESS, tenantId))
                    // a question (登记回款 asks the amount) is not done yet: the card says where to go
                    // on
                    .map(id -> asks(reply) ? "请在对话中回复" : "✓ 已处理"));
  }

  /**
   * 写跟进 on a reminder card ({@code followup.new:<customerId>} or {@code
   * followup.new:reminder:<id>}): starts "跟进 <客户>", so the bot asks what happened and the rep's
   * next line is the follow-up.
   */
  private Future<String> writeFollowUp(
      long tenantId, String platformUserId, String target, String clickKey) {
    return org.userId(tenantId, platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenantId, userId, Source.chat(clickKey));
              Future<Long> customerId =
                  target.startsWith("reminder:")
                      ? reminders
                          .get(actor, Long.parseLong(target.substring("reminder:".length())))
                          .map(r -> r.customerId())
                      : Future.succeededFuture(Long.parseLong(target));
              return customerId.compose(
                  id ->
                      id == null
                          ? runLine(tenantId, platformUserId, "跟进", clickKey)
                          : customers
                              .get(actor, id)
                              .compose(
                                  c ->
                                      runLine(
                                          tenantId, platformUserId, "跟进 " + c.name(), clickKey)));
            })
        .map("请在对话中输入跟进内容")
        .recover(
            e ->
                e instanceof EngineException || e instanceof NumberFormatException
                    ? Future.succeededFuture("无法处理")
                    : Future.failedFuture(e));
  }

  private Future<Void> within(Instant changedAt) {
    if (changedAt != null && changedAt.plus(UNDO_WINDOW).isBefore(clock.instant())) {
      return Future.failedFuture(
          new com.chatcrm.engine.error.Conflict("已超过 " + UNDO_WINDOW.toMinutes() + " 分钟，不能撤销"));
    }
    return Future.succeededFuture();
  }

  private static boolean asks(com.chatcrm.gateway.message.ChatMessage reply) {
    return reply.title() != null && (reply.title().endsWith("？") || reply.title().endsWith("?"));
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
