package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.conversation.ConversationService;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerHit;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.ExactNameMatch;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.EngineException;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageKind;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.org.OrgMember;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.report.PipelineSummaryService;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.transfer.CustomerTransfers;
import com.chatcrm.gateway.LogSafe;
import com.chatcrm.gateway.inbound.TextCommands;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command language at work: parses a line (in the tenant's time zone, with its stage names),
 * resolves the sender and the customer, calls the engine as the sender, and answers a short Chinese
 * card with the key fields and buttons for the next step. Refusals of the engine become answers,
 * never failures.
 *
 * <p>Button keys it hands out: {@code cmd:<a prepared command line>} (run it as if typed), {@code
 * undo:<kind>:<id>[:<arg>]} (take back what was just done), {@code open:customer:<id>} (the
 * mini-app) and the reminder keys {@link com.chatcrm.gateway.inbound.CardActions} knows. {@link
 * CommandButtons} runs the first two.
 */
public final class ChatCommands implements TextCommands {

  private static final Logger LOG = LoggerFactory.getLogger(ChatCommands.class);
  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.CHINA);
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日", Locale.CHINA);

  private final CommandParser parser = new CommandParser();
  private final Clock clock;
  private final OrgService org;
  private final OrgQueries orgQueries;
  private final TenantService tenants;
  private final CustomerService customers;
  private final CustomerSearch search;
  private final ExactNameMatch exactNames;
  private final ContactService contacts;
  private final FollowUpService followUps;
  private final ReminderService reminders;
  private final OpportunityService opportunities;
  private final StageService stages;
  private final PipelineSummaryService pipeline;
  private final PoolService poolService;
  private final MentionService mentionService;
  private final ConversationService conversations;
  private final ReplyLog replies;
  private final Notifier notifier;
  private final TypedUndo typedUndo;
  private final PendingQuestions pendingQuestions;
  private final ColleagueSuggestions colleagues;
  private final CustomerLevels customerLevels;
  private final Listings listings;
  private final CustomerTransfers transfers;
  private final MiniAppLinks links;

  /** How long a question waits for its answer. */
  public static final java.time.Duration ANSWER_WITHIN = java.time.Duration.ofMinutes(5);

  /**
   * @param engine the services, as the composition root built them; its clock says what "now" is,
   *     and its notifier tells a colleague who was @-mentioned or handed a customer (null: nobody)
   * @param miniAppUrl where the mini-app is (e.g. https://crm.example.com/m/): 打开详情 then opens the
   *     customer's page; null keeps it a button that says how to open it
   */
  public ChatCommands(Engine engine, String miniAppUrl) {
    this.clock = engine.clock();
    this.notifier = engine.notifier();
    this.links = miniAppUrl == null ? null : new MiniAppLinks(miniAppUrl);
    this.org = engine.org();
    this.orgQueries = engine.orgQueries();
    this.tenants = engine.tenants();
    this.customers = engine.customers();
    this.search = engine.search();
    this.exactNames = engine.exactNames();
    this.contacts = engine.contacts();
    this.followUps = engine.followUps();
    this.reminders = engine.reminders();
    this.opportunities = engine.opportunities();
    this.stages = engine.stages();
    this.pipeline = engine.pipeline();
    this.poolService = engine.poolService();
    this.mentionService = engine.mentions();
    this.conversations = engine.conversations();
    this.replies = engine.replies();
    this.typedUndo = new TypedUndo(engine.pool(), clock);
    this.colleagues = new ColleagueSuggestions(orgQueries);
    this.listings = new Listings(search, pipeline, reminders, poolService, clock);
    this.customerLevels =
        new CustomerLevels(
            customers,
            (actor, p, text, then) ->
                withCustomer(actor, p, text, CustomerSearch.Scope.VISIBLE, then));
    this.pendingQuestions =
        new PendingQuestions(
            parser,
            orgQueries,
            (actor, p) ->
                resolve(actor, p.customerCandidates(), PendingQuestions.scopeOf(p))
                    .map(r -> r.customer != null));
    this.transfers = engine.transfers();
  }

  /** Transfers as chat makes them, telling whom they concern through this chat's notifier. */
  CustomerTransfers transfers() {
    return transfers;
  }

  /**
   * A typed 撤销 taps the last change's 撤销 button through these (the command buttons, built after
   * us).
   */
  void undoWith(com.chatcrm.gateway.inbound.CardActions.Extra buttons) {
    typedUndo.performWith(buttons);
  }

  /**
   * What the line would do, without doing it: parsed in the tenant's zone with its stages, customer
   * resolved.
   */
  public Future<ParsedCommand> understand(
      long tenantId, String platformUserId, String text, ZonedDateTime at) {
    return org.userId(tenantId, platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenantId, userId, Source.api("parse"));
              return context(actor, at == null ? null : at.toInstant(), List.of())
                  .compose(
                      ctx -> {
                        ZonedDateTime when =
                            at == null ? ctx.now : at.withZoneSameInstant(ctx.now.getZone());
                        // the lines answer() reads before the parser, told the same way
                        CustomerLevels.Request level = CustomerLevels.parse(text);
                        ParsedCommand p =
                            TypedUndo.isUndo(text)
                                ? ParsedCommand.of(Intent.UNDO)
                                : level != null
                                    ? ParsedCommand.of(Intent.SET_LEVEL)
                                        .with("customer", level.customer())
                                        .with("level", level.level().code())
                                    : parser.parse(text, when, ctx.stageNames());
                        if (p.customerCandidates().isEmpty()) {
                          return Future.succeededFuture(p);
                        }
                        Future<Resolution> r =
                            p.intent() == Intent.MOVE_STAGE && p.opportunity() != null
                                ? resolveByPrefix(actor, p.opportunity())
                                : resolve(
                                    actor,
                                    p.customerCandidates(),
                                    p.intent() == Intent.CLAIM
                                        ? CustomerSearch.Scope.POOL
                                        : CustomerSearch.Scope.VISIBLE);
                        return r.map(
                            x -> x.customer != null ? p.withCustomer(x.customer.name()) : p);
                      });
            });
  }

  /**
   * Answers the line. The answer is recorded by {@code messageKey}: handling the same message again
   * (a retry after a failure further on) repeats it and changes nothing twice.
   */
  @Override
  public Future<ChatMessage> reply(
      long tenantId, String platformUserId, String text, String messageKey) {
    return reply(tenantId, platformUserId, text, messageKey, null, List.of());
  }

  /**
   * The same with the colleagues the platform says were @-mentioned (DingTalk group messages carry
   * their staff ids): {@code mention} and {@code transfer} use them in addition to the {@code @名字}
   * in the text.
   */
  @Override
  public Future<ChatMessage> reply(
      long tenantId,
      String platformUserId,
      String text,
      String messageKey,
      List<String> mentionedUserIds) {
    return reply(tenantId, platformUserId, text, messageKey, null, mentionedUserIds);
  }

  /**
   * @param sentAt when the user sent the message (the platform's CreateTime), so that 两小时后 counts
   *     from then even when the message is handled late; null means now
   */
  public Future<ChatMessage> reply(
      long tenantId, String platformUserId, String text, String messageKey, Instant sentAt) {
    return reply(tenantId, platformUserId, text, messageKey, sentAt, List.of());
  }

  /**
   * @param sentAt when the user sent the message, or null for now
   * @param mentionedUserIds platform user ids of the colleagues @-ed in the message; may be empty
   */
  public Future<ChatMessage> reply(
      long tenantId,
      String platformUserId,
      String text,
      String messageKey,
      Instant sentAt,
      List<String> mentionedUserIds) {
    String line = clickedCommand(text);
    List<String> at =
        mentionedUserIds == null
            ? List.of()
            : mentionedUserIds.stream()
                .filter(id -> id != null && !id.isBlank() && !id.equals(platformUserId))
                .distinct()
                .toList();
    if (messageKey == null || messageKey.isEmpty()) {
      return answer(tenantId, platformUserId, line, messageKey, sentAt, at)
          .compose(r -> withPageLinks(tenantId, r));
    }
    return replies
        .find(tenantId, messageKey)
        .compose(
            done ->
                done != null
                    ? Future.succeededFuture(ChatMessage.fromJson(done))
                    : answer(tenantId, platformUserId, line, messageKey, sentAt, at)
                        .compose(r -> withPageLinks(tenantId, r))
                        .compose(
                            reply ->
                                replies.record(tenantId, messageKey, reply.toJson()).map(reply)));
  }

  /**
   * 打开详情 as a link into the mini-app (logging in through the platform by corp id) when we know
   * where it is; otherwise it stays a button that says how to open it.
   */
  private Future<ChatMessage> withPageLinks(long tenantId, ChatMessage reply) {
    if (links == null
        || reply.buttons().stream().noneMatch(b -> MiniAppLinks.isCustomerDetail(b.key()))) {
      return Future.succeededFuture(reply);
    }
    return tenants
        .get(tenantId)
        .map(
            tenant ->
                new ChatMessage(
                    reply.title(),
                    reply.markdown(),
                    reply.fields(),
                    reply.buttons().stream()
                        .map(
                            b ->
                                MiniAppLinks.isCustomerDetail(b.key())
                                    ? new Button(
                                        links.customerPageKey(tenant.corpId(), b.key()), b.text())
                                    : b)
                        .toList()));
  }

  /**
   * A tapped DingTalk command link sends "label #cmd:line" (see CommandButtons); what it asks is
   * the line.
   */
  private static final java.util.regex.Pattern CLICKED =
      java.util.regex.Pattern.compile("#cmd:(.+)$", java.util.regex.Pattern.DOTALL);

  static String clickedCommand(String text) {
    if (text == null) {
      return "";
    }
    java.util.regex.Matcher m = CLICKED.matcher(text.strip());
    return m.find() && !m.group(1).isBlank() ? m.group(1).strip() : text;
  }

  private Future<ChatMessage> answer(
      long tenantId,
      String platformUserId,
      String text,
      String messageKey,
      Instant sentAt,
      List<String> at) {
    return org.userId(tenantId, platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenantId, userId, Source.chat(messageKey));
              return context(actor, sentAt, at)
                  .compose(
                      ctx ->
                          conversations
                              .take(actor)
                              .compose(
                                  pending -> {
                                    // lines read before the parser: 撤销 is no customer's name, and
                                    // 级别 成交 is no stage move
                                    CustomerLevels.Request level = CustomerLevels.parse(text);
                                    Future<ChatMessage> direct =
                                        TypedUndo.isUndo(text)
                                            ? typedUndo.undo(actor, platformUserId, messageKey)
                                            : level != null
                                                ? customerLevels.set(actor, level, text)
                                                : null;
                                    if (direct != null) {
                                      return pending == null
                                          ? direct
                                          : direct.map(
                                              r -> PendingQuestions.withDropped(r, pending));
                                    }
                                    ParsedCommand p = parser.parse(text, ctx.now, ctx.stageNames());
                                    if (pending == null) {
                                      return execute(actor, ctx, p, text);
                                    }
                                    return pendingQuestions
                                        .isNewCommand(
                                            actor, pending.getString("slot"), text, p, ctx)
                                        .compose(
                                            isNew ->
                                                isNew
                                                    ? execute(actor, ctx, p, text)
                                                        .map(
                                                            r ->
                                                                PendingQuestions.withDropped(
                                                                    r, pending))
                                                    : answer(actor, ctx, pending, text));
                                  }));
            })
        .recover(
            e -> {
              if (e instanceof NotFound && String.valueOf(e.getMessage()).startsWith("no user")) {
                return Future.succeededFuture(
                    ChatMessage.text("还没有在通讯录里找到你，暂时无法使用 Chat CRM。请联系管理员同步通讯录后再试。"));
              }
              if (e instanceof EngineException refused) {
                LOG.info(
                    "Command «{}» of {} refused: {}",
                    LogSafe.text(text),
                    LogSafe.text(platformUserId),
                    LogSafe.text(refused.getMessage()));
                return Future.succeededFuture(
                    new ChatMessage("无法完成", inChinese(refused), List.of(), List.of()));
              }
              return Future.failedFuture(e);
            });
  }

  /**
   * The tenant's time and stages, read once per message, and the platform user ids the message @-ed
   * (beside the robot).
   */
  record Context(ZonedDateTime now, List<Stage> stageList, List<String> at) {
    List<CommandParser.StageName> stageNames() {
      return stageList.stream().map(s -> new CommandParser.StageName(s.name(), s.kind())).toList();
    }
  }

  private Future<Context> context(Actor actor, Instant at, List<String> mentioned) {
    return tenants
        .get(actor.tenantId())
        .compose(
            t ->
                stages
                    .list(actor)
                    .map(
                        list -> {
                          ZoneId zone =
                              t.timeZone() == null ? ZoneId.of("Asia/Shanghai") : t.timeZone();
                          return new Context(
                              (at == null ? clock.instant() : at).atZone(zone), list, mentioned);
                        }));
  }

  /** Fills the slot a question asked for with the answer, then does what the command said. */
  private Future<ChatMessage> answer(
      Actor actor, Context ctx, io.vertx.core.json.JsonObject pending, String text) {
    ParsedCommand asked = ParsedCommand.fromState(pending.getJsonObject("command"));
    String slot = pending.getString("slot");
    String a = CommandParser.normalize(text).replaceAll("^[@]", "").strip();
    ParsedCommand filled;
    switch (slot) {
      case "due" -> {
        ParsedCommand t = parser.parse("提醒我 " + a + " x", ctx.now, ctx.stageNames());
        if (t.due() == null) {
          return ask(
              actor,
              asked,
              slot,
              t.date() != null ? "这个时间已经过去了，换一个时间？" : "没听懂这个时间，再说一次？",
              "例如：明天上午10点 ／ 周四 16:00 ／ 3天后");
        }
        filled = asked.with("due", t.due());
      }
      case "stage" -> {
        ParsedCommand t = parser.parse("x 推进到 " + a, ctx.now, ctx.stageNames());
        if (t.stage() == null) {
          return ask(
              actor,
              asked,
              slot,
              "没有这个阶段，推进到哪个阶段？",
              "阶段有：" + String.join("、", ctx.stageList.stream().map(Stage::name).toList()));
        }
        filled = asked.with("stage", t.stage());
      }
      // names are matched in the normalised form; free text (a loss reason, a note) is kept as the
      // user typed it
      case "customer", "mention" -> filled = asked.with(slot, a);
      default -> filled = asked.with(slot, text.strip());
    }
    if (filled.intent() == Intent.MOVE_STAGE && "content".equals(slot)) {
      // the reason answers a question; whether 输单 itself was said is what the question remembered
      return moveStage(
          actor,
          ctx,
          filled,
          filled.customer() == null ? text : filled.customer(),
          pending.getBoolean("stated", false));
    }
    return execute(actor, ctx, filled, filled.customer() == null ? text : filled.customer());
  }

  private Future<ChatMessage> execute(Actor actor, Context ctx, ParsedCommand p, String text) {
    return switch (p.intent()) {
      case ADD_CUSTOMER -> addCustomer(actor, p);
      case LOG_FOLLOWUP -> logFollowUp(actor, ctx, p, text);
      case SET_REMINDER -> setReminder(actor, ctx, p, text);
      case ADD_OPPORTUNITY -> addOpportunity(actor, ctx, p, text);
      case MOVE_STAGE -> moveStage(actor, ctx, p, text, null);
      case FIND_CUSTOMER -> findCustomer(actor, ctx, p);
      case PIPELINE -> listings.pipeline(actor, ctx, p);
      case DAILY_REPORT -> listings.dailyReport(actor, ctx, p);
      case TODO -> listings.todo(actor, ctx);
      case POOL -> listings.pool(actor);
      case CLAIM -> claim(actor, p, text);
      case TRANSFER -> transfer(actor, ctx, p, text);
      case MENTION -> mention(actor, ctx, p, text);
      case HELP -> Future.succeededFuture(help());
      // SET_LEVEL and UNDO lines are answered before the parser and never come here
      case SET_LEVEL, UNDO, UNKNOWN ->
          Future.succeededFuture(
              new ChatMessage(
                  "没太明白",
                  "可以直接说一句，例如「跟进 星河 电话聊了续费 下周四再约」或「提醒我 明天上午10点 回访华为」。",
                  List.of(),
                  List.of(new Button("cmd:帮助", "查看用法"))));
    };
  }

  // ------------------------------------------------------------------ intents

  private Future<ChatMessage> addCustomer(Actor actor, ParsedCommand p) {
    if (p.customer() == null) {
      return ask(actor, p, "customer", "客户叫什么名字？", "例如：新客户 星河传媒 联系人 周经理 13700002222");
    }
    NewCustomer input = NewCustomer.named(p.customer());
    if (p.phone() != null) {
      input = input.withPhones(p.phone());
    }
    return customers
        .create(actor, input)
        .compose(
            c ->
                p.contact() == null
                    ? Future.succeededFuture(c)
                    : contacts
                        .add(
                            actor,
                            c.id(),
                            p.phone() == null
                                ? NewContact.named(p.contact())
                                : NewContact.named(p.contact()).withPhones(p.phone()))
                        .map(x -> c))
        .map(
            c -> {
              List<Field> fields = new ArrayList<>();
              fields.add(new Field("客户", c.name()));
              if (p.contact() != null) {
                fields.add(new Field("联系人", p.contact()));
              }
              if (p.phone() != null) {
                fields.add(new Field("电话", p.phone()));
              }
              fields.add(new Field("负责人", nz(c.ownerName())));
              return new ChatMessage(
                  "✓ 已新建客户",
                  null,
                  fields,
                  List.of(
                      new Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                      new Button("cmd:提醒我 明天上午 跟进" + c.name(), "设提醒"),
                      new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"),
                      new Button("undo:customer:" + c.id(), "撤销")));
            })
        .recover(
            e -> {
              if (e instanceof Duplicate d) {
                var det = d.details();
                List<Button> buttons = new ArrayList<>();
                String name = det.getString("name");
                if (det.getBoolean("inPool", false)) {
                  buttons.add(new Button("cmd:领取 " + name, "领取"));
                } else if (det.getBoolean("visible", false)) {
                  buttons.add(new Button("cmd:查 " + name, "查看已有"));
                  buttons.add(new Button("cmd:跟进 " + name + " ", "写跟进"));
                }
                return Future.succeededFuture(
                    new ChatMessage(
                        "客户已存在（查重）",
                        d.getMessage(),
                        List.of(
                            new Field("已有客户", name),
                            new Field("负责人", nz(det.getString("ownerName")))),
                        buttons));
              }
              return Future.failedFuture(e);
            });
  }

  private Future<ChatMessage> logFollowUp(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return ask(actor, p, "customer", "跟进的是哪个客户？", "例如：跟进 星河 电话聊了续费 下周四再约");
    }
    if (p.content() == null && p.nextStep() == null) {
      return ask(actor, p, "content", "跟进了什么内容？", "例如：跟进 " + p.customer() + " 电话聊了续费 下周四再约");
    }
    return withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c -> {
          Instant happened =
              p.date() == null
                  ? null
                  : p.date().equals(ctx.now.toLocalDate())
                      ? null
                      : p.date()
                          .atTime(
                              ctx.now.toLocalTime().isAfter(java.time.LocalTime.of(18, 0))
                                  ? java.time.LocalTime.of(18, 0)
                                  : ctx.now.toLocalTime())
                          .atZone(ctx.now.getZone())
                          .toInstant();
          NewFollowUp input =
              NewFollowUp.on(
                  c.id(),
                  p.method() == null ? "other" : p.method(),
                  p.content() == null ? p.nextStep() : p.content());
          if (happened != null) {
            input = input.at(happened);
          }
          if (p.due() != null) {
            input = input.next(p.nextStep() == null ? "跟进" : p.nextStep(), p.due().toInstant());
          }
          return followUps
              .log(actor, input)
              .map(
                  f -> {
                    List<Field> fields = new ArrayList<>();
                    fields.add(new Field("客户", c.name()));
                    fields.add(new Field("方式", f.method().label()));
                    fields.add(new Field("内容", f.content()));
                    if (f.nextFollowUpAt() != null) {
                      fields.add(
                          new Field(
                              "下次跟进",
                              WHEN.format(f.nextFollowUpAt().atZone(ctx.now.getZone()))
                                  + (f.nextStep() == null ? "" : " " + f.nextStep())));
                    }
                    List<Button> buttons = new ArrayList<>();
                    if (f.reminderId() == null) {
                      buttons.add(new Button("cmd:提醒我 明天上午 跟进" + c.name(), "设提醒"));
                    }
                    buttons.add(new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"));
                    buttons.add(new Button("undo:followup:" + f.id(), "撤销"));
                    return new ChatMessage(
                        "✓ 已记录跟进", f.reminderId() == null ? null : "已按下次跟进时间设好提醒", fields, buttons);
                  });
        });
  }

  private Future<ChatMessage> setReminder(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.due() == null) {
      if (p.date() != null) {
        return ask(actor, p, "due", "这个时间已经过去了，要提醒你什么时候？", "例如：提醒我 明天上午10点 " + nz(p.content()));
      }
      return ask(
          actor,
          p,
          "due",
          "什么时候提醒你？",
          "例如：提醒我 明天上午10点 " + (p.content() == null ? "回访华为" : p.content()));
    }
    if (p.due().toInstant().isBefore(clock.instant().minusSeconds(60))) {
      String again =
          "提醒我 "
              + DateTimeFormatter.ofPattern("M月d日", Locale.CHINA).format(p.due().plusDays(1))
              + " "
              + DateTimeFormatter.ofPattern("H:mm").format(p.due())
              + " "
              + nz(p.content());
      return remember(actor, p, "due")
          .map(
              v ->
                  new ChatMessage(
                      "这个时间已经过去了",
                      WHEN.format(p.due()) + " 已过，要改到什么时候？直接回复时间，或改到明天同一时间。",
                      List.of(),
                      List.of(new Button("cmd:" + again.strip(), "改到明天"))));
    }
    if ((p.content() == null || p.content().isBlank()) && p.customerCandidates().isEmpty()) {
      // 「提醒我 明天上午」 alone (the 设提醒 button of an empty 待办): a reminder of nothing helps nobody, ask
      // what
      return ask(actor, p, "content", "提醒你什么？", "例如：给星河传媒回电话");
    }
    String content = p.content() == null ? "跟进" : p.content();
    Future<Customer> customer =
        p.customerCandidates().isEmpty()
            ? Future.succeededFuture(null)
            : resolve(actor, p.customerCandidates(), CustomerSearch.Scope.VISIBLE)
                .map(r -> r.customer);
    return customer.compose(
        c -> {
          NewReminder input = NewReminder.at(p.due().toInstant(), content);
          if (c != null) {
            input = input.aboutCustomer(c.id());
          }
          return reminders
              .create(actor, input)
              .map(r -> reminderCard(r, ctx.now.getZone(), "⏰ 已设置提醒"));
        });
  }

  static ChatMessage reminderCard(Reminder r, ZoneId zone, String title) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("时间", WHEN.format(r.dueAt().atZone(zone))));
    fields.add(new Field("内容", r.text()));
    if (r.customerName() != null) {
      fields.add(new Field("客户", r.customerName()));
    }
    return new ChatMessage(
        title,
        null,
        fields,
        List.of(
            new Button("reminder.done:" + r.id(), "完成"),
            new Button("reminder.snooze:" + r.id() + ":60", "推迟1小时"),
            new Button("undo:reminder:" + r.id(), "撤销")));
  }

  private Future<ChatMessage> addOpportunity(
      Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return ask(actor, p, "customer", "商机是哪个客户的？", "例如：商机 星河 年度框架 45万 方案报价");
    }
    return withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c -> {
          String name = p.opportunity() == null ? c.name() + "商机" : p.opportunity();
          NewOpportunity input =
              NewOpportunity.of(c.id(), name, p.amount() == null ? BigDecimal.ZERO : p.amount());
          Stage stage = stageNamed(ctx, p.stage());
          if (stage != null && stage.kind() == StageKind.OPEN) {
            input = input.withStage(stage.id());
          }
          if (p.due() != null) {
            input = input.withExpectedClose(p.due().toLocalDate());
          }
          return opportunities
              .create(actor, input)
              .map(
                  o ->
                      new ChatMessage(
                          "✓ 已新建商机",
                          null,
                          List.of(
                              new Field("客户", c.name()),
                              new Field("商机", o.name()),
                              new Field("金额", money(o.amount())),
                              new Field("阶段", o.stageName() + " " + o.probability() + "%")),
                          List.of(
                              new Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                              new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"),
                              new Button("undo:opportunity:" + o.id(), "撤销"))));
        });
  }

  /**
   * @param saidSo whether the outcome was stated; null: judged from the line ({@link
   *     Confirmations#explicit})
   */
  private Future<ChatMessage> moveStage(
      Actor actor, Context ctx, ParsedCommand p, String text, Boolean saidSo) {
    Stage target = stageNamed(ctx, p.stage());
    if (target == null) {
      return ask(
          actor,
          p,
          "stage",
          "推进到哪个阶段？",
          "阶段有：" + String.join("、", ctx.stageList.stream().map(Stage::name).toList()));
    }
    if (p.customer() == null) {
      return ask(actor, p, "customer", "是哪个客户的商机？", "例如：星河 年度框架 推进到 " + target.name());
    }
    if (target.kind() == StageKind.LOST && p.content() == null) {
      // whether the line said 输单 travels with the question: 黄了 + a reason still needs 确认
      boolean stated = saidSo != null ? saidSo : Confirmations.explicit(text, target);
      return conversations
          .ask(
              actor,
              new io.vertx.core.json.JsonObject()
                  .put("slot", "content")
                  .put("command", p.toState())
                  .put("stated", stated),
              ANSWER_WITHIN)
          .map(
              v ->
                  new ChatMessage(
                      "输单原因是什么？",
                      "例如：" + p.customer() + " 输单 价格太高\n（直接回复即可）",
                      List.of(),
                      List.of()));
    }
    return resolveByPrefix(actor, p.opportunity() == null ? p.customer() : p.opportunity())
        .compose(
            r -> {
              if (r.customer == null) {
                return Future.succeededFuture(
                    r.hits.isEmpty() ? notFound(p.customer()) : choose(r, text, p.customer()));
              }
              Customer c = r.customer;
              return opportunities
                  .listForCustomer(actor, c.id())
                  .compose(
                      list -> {
                        String rest =
                            p.opportunity() == null ? "" : p.opportunity().replace(r.typed, "");
                        List<Opportunity> live = list.stream().filter(o -> !o.deleted()).toList();
                        List<Opportunity> open = live.stream().filter(o -> !o.closed()).toList();
                        List<Opportunity> pool = open.isEmpty() ? live : open;
                        Opportunity pick = bestOpportunity(pool, rest);
                        if (pick == null && pool.size() == 1) {
                          pick = pool.get(0);
                        }
                        boolean explicit =
                            saidSo != null ? saidSo : Confirmations.explicit(text, target);
                        if (pick == null) {
                          if (!pool.isEmpty() && !explicit) {
                            return Future.succeededFuture(
                                Confirmations.chooseAndConfirm(c, pool, target, nz(p.content())));
                          }
                          if (pool.isEmpty()) {
                            return Future.succeededFuture(
                                new ChatMessage(
                                    "没有商机",
                                    "客户「" + c.name() + "」还没有商机。",
                                    List.of(),
                                    List.of(new Button("cmd:商机 " + c.name() + " ", "新建商机"))));
                          }
                          List<Button> buttons =
                              pool.stream()
                                  .limit(5)
                                  .map(
                                      o ->
                                          new Button(
                                              "cmd:"
                                                  + c.name()
                                                  + " "
                                                  + o.name()
                                                  + " 推进到 "
                                                  + target.name()
                                                  + (target.kind() == StageKind.LOST
                                                      ? " " + p.content()
                                                      : ""),
                                              label(o.name())))
                                  .toList();
                          return Future.succeededFuture(
                              new ChatMessage(
                                  "是哪个商机？", "客户「" + c.name() + "」有多个商机，请选择：", List.of(), buttons));
                        }
                        Opportunity o = pick;
                        if (Confirmations.needed(o, target, explicit)) {
                          return Future.succeededFuture(
                              Confirmations.card(c, o, target, nz(p.content())));
                        }
                        long from = o.stageId();
                        Future<Opportunity> moved =
                            switch (target.kind()) {
                              case WON -> opportunities.win(actor, o.id(), o.version());
                              case LOST ->
                                  opportunities.lose(actor, o.id(), o.version(), p.content());
                              default ->
                                  opportunities.moveStage(actor, o.id(), o.version(), target.id());
                            };
                        return moved.map(
                            m ->
                                new ChatMessage(
                                    m.status().code().equals("won")
                                        ? "🎉 赢单！"
                                        : m.status().code().equals("lost") ? "已标记输单" : "✓ 阶段已更新",
                                    c.name()
                                        + "·"
                                        + m.name()
                                        + "："
                                        + o.stageName()
                                        + " → "
                                        + m.stageName(),
                                    List.of(
                                        new Field("商机", m.name()),
                                        new Field("金额", money(m.amount())),
                                        new Field(
                                            "阶段", m.stageName() + " " + m.probability() + "%")),
                                    List.of(
                                        new Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                                        new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"),
                                        new Button("undo:stage:" + m.id() + ":" + from, "撤销"))));
                      });
            });
  }

  private static Opportunity bestOpportunity(List<Opportunity> list, String phrase) {
    if (phrase == null || phrase.isBlank()) {
      return null;
    }
    Opportunity best = null;
    long bestScore = 0;
    for (Opportunity o : list) {
      long score = phrase.codePoints().filter(cp -> o.name().indexOf(cp) >= 0).count();
      if (o.name().equals(phrase)) {
        score += 100;
      }
      if (score > bestScore) {
        best = o;
        bestScore = score;
      } else if (score == bestScore) {
        best = null;
      }
    }
    return bestScore >= 2 ? best : null;
  }

  private Future<ChatMessage> findCustomer(Actor actor, Context ctx, ParsedCommand p) {
    String q = p.customer() != null ? p.customer() : p.phone();
    if (q == null) {
      return ask(actor, p, "customer", "要找哪个客户？", "例如：查 星河 ／ 查 13700002222 ／ 查 hw");
    }
    return listings.findCustomer(actor, ctx, q);
  }

  private Future<ChatMessage> claim(Actor actor, ParsedCommand p, String text) {
    if (p.customer() == null) {
      return ask(actor, p, "customer", "要领取哪个客户？", "例如：领取 星河传媒");
    }
    return withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.POOL,
        c ->
            poolService
                .claim(actor, c.id())
                .map(
                    x ->
                        new ChatMessage(
                            "✓ 已领取",
                            "「" + x.name() + "」现在是你的客户了。",
                            List.of(new Field("客户", x.name())),
                            List.of(
                                new Button("cmd:跟进 " + x.name() + " ", "写跟进"),
                                new Button(MiniAppLinks.DETAIL_CUSTOMER + x.id(), "打开详情"),
                                new Button("undo:claim:" + x.id(), "撤销")))));
  }

  private Future<ChatMessage> transfer(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customer() == null) {
      return ask(actor, p, "customer", "要转交哪个客户？", "例如：把星河转给 @李四");
    }
    if (p.mentions().isEmpty() && ctx.at().isEmpty()) {
      return ask(actor, p, "mention", "转给哪位同事？", "例如：李四");
    }
    return transferTarget(actor, ctx.at(), p.mentions())
        .compose(
            to -> {
              if (to == null) {
                if (p.mentions().isEmpty()) {
                  return Future.succeededFuture(ChatMessage.text("通讯录里没有找到你@的同事。"));
                }
                return Future.succeededFuture(
                    ChatMessage.text("通讯录里没有找到「" + p.mentions().get(0) + "」。"));
              }
              return withCustomer(
                  actor,
                  p,
                  text,
                  CustomerSearch.Scope.VISIBLE,
                  c ->
                      transfers
                          .transfer(actor, c.id(), to.id())
                          .map(
                              x ->
                                  new ChatMessage(
                                      "✓ 已转交",
                                      "「" + x.name() + "」已转给 " + to.name(),
                                      List.of(
                                          new Field("客户", x.name()), new Field("新负责人", to.name())),
                                      List.of(
                                          new Button(MiniAppLinks.DETAIL_CUSTOMER + x.id(), "打开详情"),
                                          new Button(
                                              "undo:transfer:" + x.id() + ":" + c.ownerId(),
                                              "撤销")))));
            });
  }

  /**
   * Whom a transfer goes to: the colleague named in the text when the platform @-ed them or a
   * colleague has exactly that name; else the first colleague the platform says was @-ed (the text
   * showed a nickname).
   */
  private Future<OrgMember> transferTarget(Actor actor, List<String> at, List<String> names) {
    return atMembers(actor, at)
        .compose(
            listed -> {
              if (names.isEmpty()) {
                return Future.succeededFuture(listed.isEmpty() ? null : listed.get(0));
              }
              String name = names.get(0);
              OrgMember named =
                  listed.stream()
                      .filter(m -> m.name().equals(name) || name.equals(m.platformUserId()))
                      .findFirst()
                      .orElse(null);
              if (named != null) {
                return Future.succeededFuture(named);
              }
              return colleague(actor, name)
                  .map(
                      m ->
                          listed.isEmpty()
                              ? m
                              : m != null && m.name().equals(name) ? m : listed.get(0));
            });
  }

  private Future<ChatMessage> mention(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.mentions().isEmpty() && ctx.at().isEmpty()) {
      return ask(actor, p, "mention", "要通知谁？", "例如：@李四 星河的报价你帮忙看下");
    }
    Future<Customer> customer =
        p.customerCandidates().isEmpty()
            ? Future.succeededFuture(null)
            : resolve(actor, p.customerCandidates(), CustomerSearch.Scope.VISIBLE)
                .map(r -> r.customer);
    String content = p.content() == null ? "请帮忙看一下" : p.content();
    return customer.compose(
        c ->
            mentioned(actor, ctx.at(), p.mentions())
                .compose(
                    targets -> {
                      List<String> unknown =
                          targets.stream()
                              .filter(t -> t instanceof ColleagueSuggestions.Unknown)
                              .map(t -> ((ColleagueSuggestions.Unknown) t).name())
                              .toList();
                      if (targets.stream().noneMatch(t -> t instanceof OrgMember)) {
                        // nobody to tell: say so, never 已通知
                        return unknown.isEmpty()
                            ? Future.succeededFuture(ChatMessage.text("通讯录里没有找到你@的同事，没有通知任何人。"))
                            : colleagues
                                .suggest(actor, unknown.get(0))
                                .map(
                                    names ->
                                        ColleagueSuggestions.nobodyFound(
                                            unknown.get(0), names, text));
                      }
                      List<String> notTold = new ArrayList<>();
                      Future<Void> suggested = Future.succeededFuture();
                      for (String name : unknown) {
                        suggested =
                            suggested.compose(
                                v ->
                                    colleagues
                                        .suggest(actor, name)
                                        .map(
                                            names ->
                                                notTold.add(
                                                    ColleagueSuggestions.notTold(name, names)))
                                        .mapEmpty());
                      }
                      return suggested
                          .compose(
                              none ->
                                  Future.all(
                                      targets.stream()
                                          .filter(t -> t instanceof OrgMember)
                                          .map(
                                              t -> {
                                                OrgMember m = (OrgMember) t;
                                                return mentionService
                                                    .mention(
                                                        actor,
                                                        m.id(),
                                                        c == null ? null : c.id(),
                                                        null,
                                                        content)
                                                    .compose(
                                                        x ->
                                                            tell(actor, x, c).map(v -> (Object) x));
                                              })
                                          .toList()))
                          .map(
                              all -> {
                                List<String> who = new ArrayList<>();
                                List<Button> buttons = new ArrayList<>();
                                for (int i = 0; i < all.size(); i++) {
                                  Object r = all.resultAt(i);
                                  if (r instanceof com.chatcrm.engine.mention.Mention m) {
                                    who.add("@" + m.toName());
                                    if (buttons.isEmpty()) {
                                      buttons.add(new Button("undo:mention:" + m.id(), "撤销"));
                                    }
                                  } else {
                                    who.add(String.valueOf(r));
                                  }
                                }
                                List<Field> fields = new ArrayList<>();
                                fields.add(new Field("通知", String.join("、", who)));
                                if (c != null) {
                                  fields.add(new Field("客户", c.name()));
                                }
                                fields.add(new Field("内容", content));
                                if (c != null) {
                                  buttons.add(
                                      0, new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"));
                                }
                                return new ChatMessage(
                                    "✓ 已通知同事",
                                    notTold.isEmpty() ? null : String.join("\n", notTold),
                                    fields,
                                    buttons);
                              });
                    }));
  }

  /**
   * Who a mention goes to: the colleagues the platform listed (staff ids → users), then the
   * {@code @名字} of the text that are not among them. When the platform listed anyone, a name only
   * counts if a colleague has exactly that name (the text's other @-s are the listed colleagues'
   * display names). Each target is an {@link OrgMember} or, for a name nobody has, a {@link
   * ColleagueSuggestions.Unknown}.
   */
  private Future<List<Object>> mentioned(Actor actor, List<String> at, List<String> names) {
    return atMembers(actor, at)
        .compose(
            listed -> {
              List<Object> out = new ArrayList<>(listed);
              Future<Void> chain = Future.succeededFuture();
              for (String name : names) {
                chain =
                    chain.compose(
                        v -> {
                          if (out.stream()
                              .anyMatch(
                                  o ->
                                      o instanceof OrgMember m
                                          && (m.name().equals(name)
                                              || name.equals(m.platformUserId())))) {
                            return Future.succeededFuture();
                          }
                          return colleague(actor, name)
                              .map(
                                  m -> {
                                    boolean known =
                                        m != null && (listed.isEmpty() || m.name().equals(name));
                                    if (known
                                        && out.stream()
                                            .noneMatch(
                                                o ->
                                                    o instanceof OrgMember x && x.id() == m.id())) {
                                      out.add(m);
                                    } else if (m == null && listed.isEmpty()) {
                                      out.add(new ColleagueSuggestions.Unknown(name));
                                    }
                                    return null;
                                  });
                        });
              }
              return chain.map(v -> out);
            });
  }

  /**
   * The active colleagues behind platform user ids, in the platform's order; unknown ids are left
   * out.
   */
  private Future<List<OrgMember>> atMembers(Actor actor, List<String> platformUserIds) {
    Future<List<OrgMember>> chain = Future.succeededFuture(new ArrayList<>());
    for (String id : platformUserIds) {
      chain =
          chain.compose(
              list ->
                  org.userId(actor.tenantId(), id)
                      .compose(
                          userId ->
                              orgQueries
                                  .findByName(actor, id)
                                  .map(
                                      found ->
                                          found.stream()
                                              .filter(m -> m.id() == userId && m.active())
                                              .findFirst()
                                              .orElse(null)))
                      .otherwise(
                          e -> {
                            LOG.info(
                                "@-ed platform user {} of tenant {} is not in the directory: {}",
                                LogSafe.text(id),
                                actor.tenantId(),
                                LogSafe.text(e.getMessage()));
                            return null;
                          })
                      .map(
                          m -> {
                            if (m != null
                                && m.id() != actor.userId()
                                && list.stream().noneMatch(x -> x.id() == m.id())) {
                              list.add(m);
                            }
                            return list;
                          }));
    }
    return chain;
  }

  /**
   * Tells the colleague they were @-ed, once per mention (re-running the message pushes nothing
   * new).
   */
  private Future<Void> tell(Actor actor, com.chatcrm.engine.mention.Mention m, Customer c) {
    if (notifier == null) {
      return Future.succeededFuture();
    }
    List<Notification.Field> fields = new ArrayList<>();
    fields.add(new Notification.Field("来自", nz(m.fromName())));
    if (c != null) {
      fields.add(new Notification.Field("客户", c.name()));
    }
    fields.add(new Notification.Field("内容", m.text()));
    List<Notification.Button> buttons =
        c == null
            ? List.of()
            : List.of(
                new Notification.Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                new Notification.Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"));
    // the title says who @-ed them: the body says only what they can do now (it repeated the sender
    // three times)
    String body = c == null ? null : "你现在可以查看「" + c.name() + "」并写跟进";
    return notifier.push(
        actor.tenantId(),
        m.toUserId(),
        new Notification(
            "📣 " + nz(m.fromName()) + " @了你",
            body,
            fields,
            buttons,
            "mention:" + m.id(),
            List.of(Notification.CHAT)));
  }

  static ChatMessage help() {
    return new ChatMessage(
        "Chat CRM 使用帮助",
        String.join(
            "\n",
            "- 新客户 星河传媒 联系人 周经理 13700002222",
            "- 跟进 星河 电话聊了续费 下周四下午再约",
            "- 昨天去星河开了需求会",
            "- 提醒我 周四 16:00 给星河发合同",
            "- 商机 星河 年度框架 45万 方案报价",
            "- 星河框架合同推进到谈判签约 ／ 星河 赢单",
            "- 星河 级别改成意向 ／ 撤销（撤销上一步改动）",
            "- 查 星河 ／ 待办 ／ 漏斗 团队 ／ 公海 ／ 领取 星河",
            "- 把星河转给 @李四 ／ @周七 星河的报价你帮忙看下"),
        List.of(),
        List.of(new Button("cmd:待办", "我的待办"), new Button("cmd:漏斗", "我的漏斗")));
  }

  // ------------------------------------------------------------------ customers and colleagues

  /** How a typed name resolved: one customer, several to choose from, or none. */
  record Resolution(String typed, Customer customer, List<CustomerHit> hits) {}

  /** Tries each candidate in turn; the first that finds anything decides. */
  Future<Resolution> resolve(Actor actor, List<String> candidates, CustomerSearch.Scope scope) {
    Future<Resolution> f = Future.succeededFuture(null);
    for (String candidate : candidates) {
      f =
          f.compose(
              prev -> {
                if (prev != null && !prev.hits.isEmpty()) {
                  return Future.succeededFuture(prev);
                }
                return exactNames
                    .only(actor, candidate, scope)
                    .compose(
                        only ->
                            only != null
                                ? Future.succeededFuture(
                                    new Resolution(candidate, only.customer(), List.of(only)))
                                : search
                                    .search(actor, candidate, scope, 5)
                                    .map(hits -> decide(candidate, hits)))
                    .recover(e -> Future.succeededFuture(prev));
              });
    }
    return f.map(r -> r == null ? new Resolution(candidates.get(0), null, List.of()) : r);
  }

  /** 星河框架合同 → tries 星河框架合同, 星河框架合, ..., 星河: the customer is the longest prefix that finds one. */
  private Future<Resolution> resolveByPrefix(Actor actor, String phrase) {
    List<String> prefixes = new ArrayList<>();
    String compact = phrase.replace(" ", "");
    String first = phrase.split(" ")[0];
    prefixes.add(first);
    for (int n = Math.min(compact.length(), 12); n >= 2; n--) {
      String pre = compact.substring(0, n);
      if (!prefixes.contains(pre)) {
        prefixes.add(pre);
      }
    }
    return resolve(actor, prefixes, CustomerSearch.Scope.VISIBLE);
  }

  private static Resolution decide(String typed, List<CustomerHit> hits) {
    if (hits.isEmpty()) {
      return new Resolution(typed, null, hits);
    }
    CustomerHit top = hits.get(0);
    boolean clear = hits.size() == 1 || top.score() >= 90 && top.score() > hits.get(1).score();
    return new Resolution(typed, clear ? top.customer() : null, hits);
  }

  private Future<ChatMessage> withCustomer(
      Actor actor,
      ParsedCommand p,
      String text,
      CustomerSearch.Scope scope,
      Function<Customer, Future<ChatMessage>> then) {
    return resolve(actor, p.customerCandidates(), scope)
        .compose(
            r -> {
              if (r.customer != null) {
                return then.apply(r.customer);
              }
              if (r.hits.isEmpty()) {
                return Future.succeededFuture(
                    scope == CustomerSearch.Scope.POOL
                        ? ChatMessage.text("公海里没有找到「" + r.typed + "」。")
                        : notFound(r.typed));
              }
              return remember(actor, p, "customer").map(v -> choose(r, text, r.typed));
            });
  }

  private static ChatMessage notFound(String typed) {
    return new ChatMessage(
        "没有找到客户「" + typed + "」",
        "要先新建这个客户吗？",
        List.of(),
        List.of(new Button("cmd:新客户 " + typed, label("新建客户 " + typed))));
  }

  /** A card to choose among several customers; each button re-runs the line with the full name. */
  private static ChatMessage choose(Resolution r, String text, String typed) {
    String line = CommandParser.normalize(text);
    List<Button> buttons =
        r.hits.stream()
            .limit(5)
            .map(
                h ->
                    new Button(
                        "cmd:"
                            + (line.contains(typed)
                                ? line.replaceFirst(
                                    java.util.regex.Pattern.quote(typed),
                                    java.util.regex.Matcher.quoteReplacement(h.customer().name()))
                                : line),
                        label(h.customer().name())))
            .toList();
    return new ChatMessage("找到多个「" + typed + "」", "请选择是哪一个：", List.of(), buttons);
  }

  private Future<OrgMember> colleague(Actor actor, String name) {
    return orgQueries
        .findByName(actor, name)
        .map(
            list ->
                list.stream()
                    .filter(m -> m.name().equals(name) || name.equals(m.platformUserId()))
                    .findFirst()
                    .orElse(list.size() == 1 ? list.get(0) : null));
  }

  // ------------------------------------------------------------------ helpers

  /** Chat platforms show about ten characters on a button. */
  static String label(String s) {
    return s.codePointCount(0, s.length()) <= 10
        ? s
        : s.substring(0, s.offsetByCodePoints(0, 9)) + "…";
  }

  /** The engine's own words when they are Chinese, else a plain Chinese sentence for its code. */
  static String inChinese(EngineException e) {
    String m = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^[A-Za-z]+: ", "");
    if (m.codePoints().anyMatch(Character::isIdeographic)) {
      return m;
    }
    return switch (e.code()) {
      case "forbidden" -> "你没有权限操作这条记录，可以请负责人把你加为协同人。";
      case "not_found" -> "没有找到这条记录，可能已被删除。";
      case "stale_version" -> "记录刚被别人修改过，请再试一次。";
      case "duplicate" -> "已有相同的记录。";
      case "limit_reached" -> "已达到公司设定的上限。";
      case "invalid_input" -> "信息不完整或格式不对，请检查后再试。";
      default -> "暂时无法完成，请稍后再试。";
    };
  }

  private Stage stageNamed(Context ctx, String name) {
    if (name == null) {
      return null;
    }
    return ctx.stageList.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /** Asks for one missing slot and remembers the command, so the rep's next line answers it. */
  private Future<ChatMessage> ask(
      Actor actor, ParsedCommand p, String slot, String question, String example) {
    return remember(actor, p, slot)
        .map(v -> new ChatMessage(question, example + "\n（直接回复即可）", List.of(), List.of()));
  }

  private Future<Void> remember(Actor actor, ParsedCommand p, String slot) {
    return conversations.ask(
        actor,
        new io.vertx.core.json.JsonObject().put("slot", slot).put("command", p.toState()),
        ANSWER_WITHIN);
  }

  static String money(BigDecimal amount) {
    if (amount == null) {
      return "¥0";
    }
    if (amount.abs().compareTo(new BigDecimal("10000")) >= 0) {
      return "¥"
          + amount.divide(new BigDecimal("10000")).stripTrailingZeros().toPlainString()
          + "万";
    }
    return "¥" + amount.stripTrailingZeros().toPlainString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
