package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.conversation.ConversationService;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.error.EngineException;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageKind;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.port.ExportLinks;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.LogSafe;
import com.chatcrm.gateway.inbound.TextCommands;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.CommandParser;
import com.chatcrm.language.CustomerLinker;
import com.chatcrm.language.Intent;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
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

  private final CommandParser parser = new CommandParser();
  private final Clock clock;
  private final OrgService org;
  private final TenantService tenants;
  private final StageService stages;
  private final ConversationService conversations;
  private final ReplyLog replies;
  private final TypedUndo typedUndo;
  private final PendingQuestions pendingQuestions;
  private final CustomerLevels customerLevels;
  private final Listings listings;
  private final CustomerPageLinks pageLinks;
  private final SlotAnswers slotAnswers;
  private final CustomerLinks links;
  private final LineContexts contexts;
  // what each intent does, grouped by what it works on
  private final CustomerResolver resolver;
  private final CustomerCommands customerCommands;
  private final FollowUpCommands followUpCommands;
  private final OpportunityCommands opportunityCommands;
  private final ClaimsAndTransfers claimsAndTransfers;
  private final MentionCommands mentionCommands;
  private final DealEdits dealEdits;
  private final ContactEdits contactEdits;
  private final CustomerDeletion deletion;
  private final Corrections corrections;
  private final Questions questions;
  private final CustomerExports exports;
  private final ContractCommands contractCommands;
  private final LeadCommands leadCommands;
  private final RecordExports recordExports;

  /** How long a question waits for its answer. */
  public static final java.time.Duration ANSWER_WITHIN = java.time.Duration.ofMinutes(5);

  /**
   * @param engine the services, as the composition root built them; its clock says what "now" is,
   *     and its notifier tells a colleague who was @-mentioned or handed a customer (null: nobody)
   * @param miniAppUrl where the mini-app is (e.g. https://crm.example.com/m/): 打开详情 then opens the
   *     customer's page; null keeps it a button that says how to open it
   */
  public ChatCommands(Engine engine, String miniAppUrl) {
    this(engine, miniAppUrl, null);
  }

  /**
   * @param exportLinks signed download links for 导出我的客户, 导出本月跟进记录 and 导出我的商机; null answers them
   *     with the mini-app
   */
  public ChatCommands(Engine engine, String miniAppUrl, ExportLinks exportLinks) {
    this.clock = engine.clock();
    this.pageLinks = new CustomerPageLinks(engine, miniAppUrl);
    this.org = engine.org();
    this.tenants = engine.tenants();
    this.stages = engine.stages();
    this.conversations = engine.conversations();
    this.replies = engine.replies();
    LastChange lastChange = new LastChange(engine.pool(), clock);
    this.typedUndo = new TypedUndo(lastChange);
    this.links = new CustomerLinks(engine.knownCustomers());
    this.contexts = new LineContexts(engine, links);
    DidYouMean didYouMean = new DidYouMean(links);
    this.listings =
        new Listings(
            engine.search(),
            engine.pipeline(),
            engine.reminders(),
            engine.poolService(),
            clock,
            engine.targets(),
            didYouMean);
    SlotQuestions questions = new SlotQuestions(engine);
    this.resolver = new CustomerResolver(engine, questions, didYouMean);
    ColleagueResolver colleagueResolver = new ColleagueResolver(engine);
    this.customerCommands = new CustomerCommands(engine, listings, questions);
    this.followUpCommands = new FollowUpCommands(engine, resolver, questions);
    this.opportunityCommands = new OpportunityCommands(engine, resolver, questions);
    this.claimsAndTransfers =
        new ClaimsAndTransfers(engine, resolver, colleagueResolver, questions);
    this.mentionCommands =
        new MentionCommands(
            engine,
            resolver,
            colleagueResolver,
            new ColleagueSuggestions(engine.orgQueries()),
            questions);
    this.dealEdits = new DealEdits(engine, resolver, questions);
    this.contactEdits = new ContactEdits(engine, resolver, questions);
    this.deletion = new CustomerDeletion(resolver, questions);
    this.corrections = new Corrections(engine, lastChange);
    this.questions = new Questions(engine, colleagueResolver);
    this.exports = new CustomerExports(engine, colleagueResolver, exportLinks);
    this.contractCommands = new ContractCommands(engine, resolver, questions);
    this.leadCommands = new LeadCommands(engine, questions);
    this.recordExports = new RecordExports(exportLinks);
    this.slotAnswers = new SlotAnswers(parser, questions, opportunityCommands, this::execute);
    this.customerLevels =
        new CustomerLevels(
            engine.customers(),
            (actor, p, text, then) ->
                resolver.withCustomer(actor, p, text, CustomerSearch.Scope.VISIBLE, then));
    this.pendingQuestions =
        new PendingQuestions(
            parser,
            engine.orgQueries(),
            (actor, p) ->
                resolver
                    .resolve(actor, p.customerCandidates(), PendingQuestions.scopeOf(p))
                    .map(r -> r.customer() != null));
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
              return contexts
                  .of(actor, at == null ? null : at.toInstant(), List.of(), text)
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
                                    : parser.parse(text, when, ctx.stageNames(), ctx.linker());
                        if (p.customerCandidates().isEmpty()) {
                          return Future.succeededFuture(p);
                        }
                        Future<CustomerResolver.Resolution> r =
                            p.intent() == Intent.MOVE_STAGE && p.opportunity() != null
                                ? resolver.resolveByPrefix(actor, p.opportunity())
                                : resolver.resolve(
                                    actor,
                                    p.customerCandidates(),
                                    p.intent() == Intent.CLAIM
                                        ? CustomerSearch.Scope.POOL
                                        : CustomerSearch.Scope.VISIBLE);
                        return r.map(
                            x -> x.customer() != null ? p.withCustomer(x.customer().name()) : p);
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
    return reply(tenantId, platformUserId, text, messageKey, List.of());
  }

  /**
   * The same with the colleagues the platform says were @-mentioned (DingTalk group messages carry
   * their staff ids): {@code mention} and {@code transfer} use them in addition to the {@code @名字}
   * in the text.
   *
   * @param mentionedUserIds platform user ids of the colleagues @-ed in the message; may be empty
   */
  @Override
  public Future<ChatMessage> reply(
      long tenantId,
      String platformUserId,
      String text,
      String messageKey,
      List<String> mentionedUserIds) {
    return answer(tenantId, platformUserId, text, messageKey, mentionedUserIds, true)
        .compose(
            a ->
                a.remember()
                    ? replies.record(tenantId, messageKey, a.message().toJson()).map(a.message())
                    : Future.succeededFuture(a.message()));
  }

  /**
   * The reply, to be remembered under {@code messageKey} by the caller when {@link
   * TextCommands.Answer#remember} says so; a message seen before repeats its remembered answer.
   */
  @Override
  public Future<TextCommands.Answer> answer(
      long tenantId,
      String platformUserId,
      String text,
      String messageKey,
      List<String> mentionedUserIds,
      boolean seenBefore) {
    String line = clickedCommand(text);
    List<String> at =
        mentionedUserIds == null
            ? List.of()
            : mentionedUserIds.stream()
                .filter(id -> id != null && !id.isBlank() && !id.equals(platformUserId))
                .distinct()
                .toList();
    boolean keyed = messageKey != null && !messageKey.isEmpty();
    Future<io.vertx.core.json.JsonObject> before =
        keyed && seenBefore ? replies.find(tenantId, messageKey) : Future.succeededFuture(null);
    return before.compose(
        done ->
            done != null
                ? Future.succeededFuture(new TextCommands.Answer(ChatMessage.fromJson(done), false))
                : answer(tenantId, platformUserId, line, messageKey, at)
                    .compose(r -> pageLinks.withPageLinks(tenantId, r))
                    .map(r -> new TextCommands.Answer(r, keyed)));
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
      long tenantId, String platformUserId, String text, String messageKey, List<String> at) {
    return org.userId(tenantId, platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenantId, userId, Source.chat(messageKey));
              return contexts
                  .of(actor, null, at, text)
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
                                    ParsedCommand p =
                                        parser.parse(text, ctx.now, ctx.stageNames(), ctx.linker());
                                    if (p.intent() == Intent.UNDO) {
                                      // 撤回上一条吧: the parser's wider undo goes the same way
                                      Future<ChatMessage> undone =
                                          typedUndo.undo(actor, platformUserId, messageKey);
                                      return pending == null
                                          ? undone
                                          : undone.map(
                                              r -> PendingQuestions.withDropped(r, pending));
                                    }
                                    if (pending == null) {
                                      return execute(actor, ctx, p, text);
                                    }
                                    return pendingQuestions
                                        .isNewCommand(
                                            actor,
                                            pending.getString("slot"),
                                            pending
                                                .getJsonObject(
                                                    "command", new io.vertx.core.json.JsonObject())
                                                .getString("customer"),
                                            text,
                                            p,
                                            ctx)
                                        .compose(
                                            isNew ->
                                                isNew
                                                    ? execute(actor, ctx, p, text)
                                                        .map(
                                                            r ->
                                                                PendingQuestions.withDropped(
                                                                    r, pending))
                                                    : slotAnswers.answer(
                                                        actor, ctx, pending, text));
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
                    new ChatMessage("无法完成", CardTexts.inChinese(refused), List.of(), List.of()));
              }
              return Future.failedFuture(e);
            });
  }

  /**
   * The tenant's time and stages, read once per message, and the platform user ids the message @-ed
   * (beside the robot).
   */
  record Context(ZonedDateTime now, List<Stage> stageList, List<String> at, CustomerLinker linker) {
    List<CommandParser.StageName> stageNames() {
      return stageList.stream()
          .map(s -> new CommandParser.StageName(s.name(), languageKind(s.kind())))
          .toList();
    }

    /**
     * The engine's stage kind in the language's terms (the language knows nothing of the engine).
     */
    private static com.chatcrm.language.StageKind languageKind(StageKind kind) {
      return switch (kind) {
        case OPEN -> com.chatcrm.language.StageKind.OPEN;
        case WON -> com.chatcrm.language.StageKind.WON;
        case LOST -> com.chatcrm.language.StageKind.LOST;
      };
    }
  }

  private Future<ChatMessage> execute(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.amount() != null && p.amount().signum() < 0) {
      // -45万 is a typo or a refund, never a deal worth +45万: nothing is written
      return Future.succeededFuture(
          new ChatMessage(
              "金额不能是负数",
              "「" + CardTexts.money(p.amount()) + "」是负数，没有记录任何内容。请改成正数再发一次。",
              List.of(),
              List.of()));
    }
    return switch (p.intent()) {
      case ADD_CUSTOMER -> customerCommands.addCustomer(actor, p, text);
      case LOG_FOLLOWUP -> followUpCommands.logFollowUp(actor, ctx, p, text);
      case SET_REMINDER -> followUpCommands.setReminder(actor, ctx, p, text);
      case ADD_OPPORTUNITY -> opportunityCommands.addOpportunity(actor, ctx, p, text);
      case MOVE_STAGE -> opportunityCommands.moveStage(actor, ctx, p, text, null);
      case FIND_CUSTOMER -> customerCommands.findCustomer(actor, ctx, p, text);
      case PIPELINE -> listings.pipeline(actor, ctx, p);
      case DAILY_REPORT -> listings.dailyReport(actor, ctx, p);
      case TODO -> listings.todo(actor, ctx);
      case POOL -> listings.pool(actor);
      case CLAIM -> claimsAndTransfers.claim(actor, p, text);
      case TRANSFER -> claimsAndTransfers.transfer(actor, ctx, p, text);
      case MENTION -> mentionCommands.mention(actor, ctx, p, text);
      case HELP -> Future.succeededFuture(CardTexts.help());
      case EDIT_OPPORTUNITY -> dealEdits.edit(actor, ctx, p, text);
      case EDIT_CONTACT -> contactEdits.edit(actor, p, text);
      case DELETE_CUSTOMER -> deletion.ask(actor, p, text);
      case CORRECT_LAST -> corrections.correct(actor, ctx, p, text);
      case MENTIONS_ME -> questions.mentionsMe(actor, ctx);
      case LIST_CUSTOMERS -> questions.listCustomers(actor, ctx, p);
      case CUSTOMER_COUNT -> questions.customerCount(actor, p);
      case LIST_FOLLOWUPS -> questions.followUpsOfDay(actor, ctx, p);
      case WEEKLY_REPORT -> questions.weeklyReport(actor, ctx, p);
      case EXPORT_CUSTOMERS -> exports.export(actor, p);
      case CREATE_CONTRACT -> contractCommands.create(actor, ctx, p, text);
      case RECORD_RECEIPT -> contractCommands.receipt(actor, p, text);
      case EXPORT_FOLLOWUPS -> recordExports.followUps(actor, ctx, p);
      case EXPORT_OPPORTUNITIES -> recordExports.opportunities(actor, p);
      case CREATE_LEAD -> leadCommands.capture(actor, p);
      case CONVERT_LEAD -> leadCommands.convert(actor, p);
      case INVALIDATE_LEAD -> leadCommands.invalidate(actor, p);
      case CLAIM_LEAD -> leadCommands.claim(actor, p);
      case RELEASE_LEAD -> leadCommands.release(actor, p);
      case LIST_LEADS -> leadCommands.list(actor, p);
      // 鼎海 降为潜在, 羊城印务 升级为成交客户: the forms the line reader before the parser leaves
      case SET_LEVEL ->
          p.customer() == null || p.level() == null
              ? Future.succeededFuture(CardTexts.notUnderstood())
              : customerLevels.set(
                  actor,
                  new CustomerLevels.Request(
                      p.customer(), com.chatcrm.engine.customer.CustomerLevel.parse(p.level())),
                  text);
      // UNDO is answered in answer(), where the message is known
      case UNDO, UNKNOWN -> Future.succeededFuture(CardTexts.notUnderstood());
    };
  }
}
