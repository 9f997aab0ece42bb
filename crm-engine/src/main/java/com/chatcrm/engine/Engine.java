package com.chatcrm.engine;

import com.chatcrm.engine.audit.CustomerHistory;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contract.ContractService;
import com.chatcrm.engine.conversation.ConversationService;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.customer.CustomerList;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.ExactNameMatch;
import com.chatcrm.engine.customer.KnownCustomers;
import com.chatcrm.engine.customer.NameChanges;
import com.chatcrm.engine.followup.FollowUpRange;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.FollowUpsOfDay;
import com.chatcrm.engine.imports.CustomerImports;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.lead.LeadAssignmentRules;
import com.chatcrm.engine.lead.LeadService;
import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.opportunity.OpportunityBoard;
import com.chatcrm.engine.opportunity.OpportunityList;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.org.CompanyRoster;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.pool.PoolRuleService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.report.ActivitySummaryService;
import com.chatcrm.engine.report.DailyChartService;
import com.chatcrm.engine.report.DailyFigures;
import com.chatcrm.engine.report.PipelineCache;
import com.chatcrm.engine.report.PipelineSummaryService;
import com.chatcrm.engine.report.TeamActivityService;
import com.chatcrm.engine.salestarget.TargetService;
import com.chatcrm.engine.secret.SecretBox;
import com.chatcrm.engine.settings.AdminRoles;
import com.chatcrm.engine.settings.ReportTimes;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.transfer.CustomerTransfers;
import com.chatcrm.engine.transfer.LeaverHandovers;
import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * Every engine service on one pool, each built once and wired to the others, sharing the process's
 * {@link Caches}. The composition root builds one Engine per pool (the service's, and chat's, whose
 * commits may skip the WAL flush) from one set of caches; the gateway and the mini-app only use the
 * services handed to them here, so a funnel changed in one is never left cached for the other.
 */
public record Engine(
    Pool pool,
    Clock clock,
    Notifier notifier,
    PipelineCache pipelines,
    TenantService tenants,
    TenantChannels channels,
    OrgService org,
    OrgQueries orgQueries,
    CompanyRoster roster,
    CustomerService customers,
    CustomerSearch search,
    CustomerList customerList,
    ExactNameMatch exactNames,
    KnownCustomers knownCustomers,
    ContactService contacts,
    CustomerHistory customerHistory,
    ReminderService reminders,
    FollowUpService followUps,
    FollowUpsOfDay followUpsOfDay,
    FollowUpRange followUpRange,
    StageService stages,
    OpportunityService opportunities,
    ContractService contracts,
    TargetService targets,
    LeadService leads,
    LeadAssignmentRules leadRules,
    OpportunityBoard board,
    OpportunityList opportunityList,
    PipelineSummaryService pipeline,
    ActivitySummaryService activity,
    TeamActivityService teamActivity,
    DailyChartService charts,
    DailyFigures dailyFigures,
    PoolService poolService,
    PoolRuleService poolRules,
    AdminRoles adminRoles,
    ReportTimes reportTimes,
    MentionService mentions,
    ConversationService conversations,
    ReplyLog replies,
    CustomerTransfers transfers,
    LeaverHandovers handovers,
    Recipients recipients,
    Outbox outbox,
    Inbox inbox,
    CustomerImports imports) {

  /** What every Engine of the process shares, whichever pool it reads through: built once. */
  public record Caches(
      Cache<Long, Tenant> tenants,
      OrgService.UserIds userIds,
      PipelineCache pipelines,
      NameChanges names) {

    public static Caches create() {
      return new Caches(
          TenantService.newCache(),
          new OrgService.UserIds(),
          PipelineCache.create(),
          new NameChanges());
    }
  }

  /**
   * Where platform callbacks are recorded, on connections of their own: a platform's
   * acknowledgement then waits for its own insert, never for a connection that processing holds.
   *
   * @param callbacks records callbacks arriving together in one commit
   * @param signatures DingTalk's signatures seen, so that none is accepted twice
   */
  public record Intake(Inbox callbacks, CallbackSignatures signatures) {

    /**
     * @param statements inserts in flight at once: the intake pool's size
     */
    public static Intake on(Pool intake, int statements) {
      return new Intake(Inbox.grouped(intake, statements), new CallbackSignatures(intake));
    }
  }

  /**
   * How the engine tells users of what others did (a transfer, an @): built from the engine's own
   * stores, since pushing a notification is queuing it in the outbox.
   */
  @FunctionalInterface
  public interface NotifierFactory {
    Notifier create(TenantService tenants, Recipients recipients, Outbox outbox);
  }

  /** Tells nobody: for tools and tests that do not look at notifications. */
  public static final NotifierFactory NOBODY_TOLD = (tenants, recipients, outbox) -> null;

  /**
   * The services on {@code pool}, sharing {@code caches} with the process's other Engines; stored
   * secrets sealed with the public development key (see {@link SecretBox#development}).
   */
  public static Engine on(Pool pool, Clock clock, Caches caches, NotifierFactory notifiers) {
    return on(pool, clock, caches, notifiers, SecretBox.development());
  }

  /**
   * The services on {@code pool}, sharing {@code caches} with the process's other Engines.
   *
   * @param secrets seals the secrets stored in the database (the master key from the environment)
   */
  public static Engine on(
      Pool pool, Clock clock, Caches caches, NotifierFactory notifiers, SecretBox secrets) {
    TenantService tenants = new TenantService(pool, caches.tenants());
    Recipients recipients = new Recipients(pool);
    Outbox outbox = new Outbox(pool);
    Notifier notifier = notifiers.create(tenants, recipients, outbox);
    PipelineCache pipelines = caches.pipelines();
    CustomerService customers = new CustomerService(pool, pipelines, caches.names());
    ReminderService reminders = new ReminderService(pool, clock);
    StageService stages = new StageService(pool, pipelines);
    PipelineSummaryService pipeline = new PipelineSummaryService(pool, clock, pipelines, tenants);
    ActivitySummaryService activity = new ActivitySummaryService(pool, clock, tenants);
    PoolService poolService = new PoolService(pool, clock, customers);
    AdminRoles adminRoles = new AdminRoles(pool);
    ContactService contacts = new ContactService(pool);
    OpportunityService opportunities = new OpportunityService(pool, pipelines);
    return new Engine(
        pool,
        clock,
        notifier,
        pipelines,
        tenants,
        new TenantChannels(pool, secrets),
        new OrgService(pool, caches.userIds()),
        new OrgQueries(pool),
        new CompanyRoster(pool),
        customers,
        new CustomerSearch(pool),
        new CustomerList(pool),
        new ExactNameMatch(pool),
        new KnownCustomers(pool, caches.names()),
        contacts,
        new CustomerHistory(pool),
        reminders,
        new FollowUpService(pool, clock, reminders),
        new FollowUpsOfDay(pool),
        new FollowUpRange(pool),
        stages,
        opportunities,
        new ContractService(pool, clock, reminders, tenants),
        new TargetService(pool, clock, tenants),
        new LeadService(pool, customers, contacts, opportunities, notifier),
        new LeadAssignmentRules(pool),
        new OpportunityBoard(pool, stages),
        new OpportunityList(pool),
        pipeline,
        activity,
        new TeamActivityService(pool, tenants),
        new DailyChartService(pool, pipeline, activity),
        new DailyFigures(pool),
        poolService,
        new PoolRuleService(pool),
        adminRoles,
        new ReportTimes(pool, adminRoles),
        new MentionService(pool),
        new ConversationService(pool, clock),
        new ReplyLog(pool),
        new CustomerTransfers(pool, clock, notifier, customers, poolService),
        new LeaverHandovers(pool, pipelines, notifier),
        recipients,
        outbox,
        new Inbox(pool),
        new CustomerImports(pool));
  }

  /** With caches of its own and nobody told: for tools and tests. */
  public static Engine on(Pool pool, Clock clock) {
    return on(pool, clock, Caches.create(), NOBODY_TOLD);
  }
}
