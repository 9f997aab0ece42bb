package com.chatcrm.server;

import com.chatcrm.config.CrmConfig;
import com.chatcrm.config.MailConfig;
import com.chatcrm.config.ReminderPacing;
import com.chatcrm.config.ReportSchedule;
import com.chatcrm.engine.Engine;
import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.contract.CollectionOverdueVerticle;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.imports.CustomerImportVerticle;
import com.chatcrm.engine.lead.LeadReclaimVerticle;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.schedule.DailyReportVerticle;
import com.chatcrm.engine.schedule.DirectorySyncVerticle;
import com.chatcrm.engine.schedule.FullDailyReport;
import com.chatcrm.engine.schedule.OverdueNudgeVerticle;
import com.chatcrm.engine.schedule.PeriodicPass;
import com.chatcrm.engine.schedule.PoolReclaimVerticle;
import com.chatcrm.engine.schedule.ReminderDispatchVerticle;
import com.chatcrm.engine.schedule.RetentionVerticle;
import com.chatcrm.engine.secret.SecretBox;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.Gateway;
import com.chatcrm.gateway.notify.SmtpSettings;
import com.chatcrm.gateway.platform.ChatPlatform;
import com.chatcrm.miniapp.CodeLogin;
import com.chatcrm.miniapp.DailyChartLinks;
import com.chatcrm.miniapp.DailyChartRoute;
import com.chatcrm.miniapp.ExportRoute;
import com.chatcrm.miniapp.MiniAppApi;
import com.chatcrm.miniapp.MiniAppConfig;
import com.chatcrm.miniapp.MiniAppPages;
import com.chatcrm.miniapp.PlatformLogin;
import com.chatcrm.miniapp.SignedExportLinks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The composition root: every engine service, cache, platform and route group of the process is
 * built here, once, and handed to what uses it. Built after the HTTP server listens, so that every
 * part gets its final addresses (the port, the public URL) in its constructor.
 *
 * @param sandbox the platform stand-ins and their companies; null outside sandbox mode
 */
record CompositionRoot(
    Gateway gateway,
    SandboxWiring sandbox,
    ChangeFeed changes,
    List<Consumer<Router>> routes,
    ReminderDispatchVerticle dispatch,
    List<PeriodicPass> schedulers) {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CompositionRoot.class);

  /** The database's three pools: see {@link Gateway} for what intake and work are for. */
  record Pools(Pool main, Pool intake, Pool work) {}

  static Future<CompositionRoot> build(
      CrmConfig config,
      Vertx vertx,
      DatabaseLocation database,
      Pools pools,
      DatabaseOutage outage,
      int httpPort,
      String publicUrl,
      String sessionKey,
      SecretBox secrets) {
    Clock clock = Clock.systemUTC();
    String miniAppUrl = publicUrl + "/m/";
    MiniAppConfig miniAppConfig =
        new MiniAppConfig(
            sessionKey,
            config.miniApp().sessionTtl(),
            config.sandbox().enabled(),
            config.miniApp().mapTileUrl().orElse(null));
    Engine.Caches caches = Engine.Caches.create();
    Engine.NotifierFactory notifiers = Gateway.notifiers(vertx.eventBus(), miniAppUrl);
    Engine engine = Engine.on(pools.main(), clock, caches, notifiers, secrets);
    // chat's services commit without waiting for the WAL flush: see Gateway for why that is safe
    Engine chat = Engine.on(pools.work(), clock, caches, notifiers, secrets);
    Gateway gateway =
        new Gateway(
            vertx,
            engine,
            chat,
            Engine.Intake.on(pools.intake(), Gateway.INTAKE_STATEMENTS),
            new Gateway.Options(
                SandboxWiring.apiBase(config.platforms().wecomApiBaseUrl(), "wecom", httpPort),
                SandboxWiring.apiBase(
                    config.platforms().dingtalkApiBaseUrl(), "dingtalk", httpPort),
                SandboxWiring.apiBase(
                    config.platforms().dingtalkOapiBaseUrl(), "dingtalk", httpPort),
                1000,
                smtp(config),
                miniAppUrl,
                Backoff.standard(),
                new SignedExportLinks(publicUrl, miniAppConfig, clock)),
            outage);
    SandboxWiring sandbox =
        config.sandbox().enabled()
            ? new SandboxWiring(vertx, engine, gateway, publicUrl, httpPort)
            : null;
    ChangeFeed changes =
        new ChangeFeed(database.connectOptions())
            .onChange(gateway)
            .onChange(caches.pipelines())
            .onChange(caches.names());
    Notifier notifier = engine.notifier();
    ReminderDispatchVerticle dispatch =
        new ReminderDispatchVerticle(
            pools.main(), notifier, clock, reminderSettings(config.reminders()));
    // pushed work: reminders on time, 日报/周报, pool reclaim, overdue nudges, the nightly directory
    // sync — claimed in the database, so any number of nodes can run them
    List<PeriodicPass> schedulers =
        List.of(
            dispatch,
            new DailyReportVerticle(
                pools.main(),
                new FullDailyReport(
                    pools.main(),
                    clock,
                    engine.pipeline(),
                    publicUrl + "/m/#/report?scope=team",
                    new DailyChartLinks(publicUrl, miniAppConfig, clock)),
                notifier,
                clock,
                reportSettings(config.reports())),
            new PoolReclaimVerticle(
                pools.main(), notifier, clock, PoolReclaimVerticle.Settings.defaults()),
            new OverdueNudgeVerticle(
                pools.main(), notifier, clock, OverdueNudgeVerticle.Settings.defaults()),
            // 回款逾期: the owner once, their managers a week later
            new CollectionOverdueVerticle(
                pools.main(), notifier, clock, CollectionOverdueVerticle.Settings.defaults()),
            // 线索回收: leads left 未处理 go back to the 线索池
            new LeadReclaimVerticle(
                pools.main(),
                clock,
                LeadReclaimVerticle.Settings.afterDays(config.leads().reclaimAfterDays())),
            new RetentionVerticle(pools.main(), clock, RetentionVerticle.Settings.defaults()),
            // 导入客户: started imports written a batch per transaction, resumed after a restart
            new CustomerImportVerticle(
                pools.main(), notifier, CustomerImportVerticle.Settings.defaults()),
            // each tenant's whole directory at night: leavers deactivated, their 离职交接 announced
            new DirectorySyncVerticle(
                pools.main(),
                gateway.directorySync(),
                clock,
                DirectorySyncVerticle.Settings.at(config.directory().nightlyAt())));
    OperatorApi operator = new OperatorApi(config.operator(), gateway.registry(publicUrl));
    return sealPlaintextSecrets(engine)
        .compose(
            v -> MiniAppApi.create(vertx, engine, miniAppConfig, logins(gateway, clock), outage))
        .map(
            miniApp -> {
              List<Consumer<Router>> routes = new ArrayList<>();
              routes.add(gateway::mount);
              routes.add(operator::mount);
              if (sandbox != null) {
                routes.add(sandbox::mount);
              }
              routes.add(miniApp::mount);
              routes.add(new MiniAppPages(miniAppConfig.mapTileUrl())::mount);
              routes.add(new DailyChartRoute(vertx, engine.charts(), miniAppConfig, clock)::mount);
              routes.add(new ExportRoute(vertx, engine, miniAppConfig)::mount);
              return new CompositionRoot(
                  gateway, sandbox, changes, List.copyOf(routes), dispatch, schedulers);
            });
  }

  /**
   * Secrets a company's settings held in plain text (stored before sealing existed, or written by
   * hand) are sealed at start; one transaction, so nodes starting together do it once.
   */
  private static Future<Void> sealPlaintextSecrets(Engine engine) {
    return engine
        .channels()
        .reseal(true)
        .map(
            n -> {
              if (n > 0) {
                LOG.info("{} secrets stored in plain text were sealed with the master key", n);
              }
              return null;
            });
  }

  /** 免登 through each chat platform, by its id. */
  private static Map<String, PlatformLogin> logins(Gateway gateway, Clock clock) {
    Map<String, PlatformLogin> logins = new HashMap<>();
    for (ChatPlatform platform : gateway.platforms()) {
      logins.put(
          platform.id(),
          new CodeLogin(
              platform::userByLoginCode,
              tenantId ->
                  platform
                      .jsapiTicket(tenantId)
                      .map(t -> new CodeLogin.Ticket(t.value(), t.seconds())),
              clock));
    }
    return Map.copyOf(logins);
  }

  private static ReminderDispatchVerticle.Settings reminderSettings(ReminderPacing p) {
    return new ReminderDispatchVerticle.Settings(
        p.tick(), p.perTenantPerMinute(), p.burst(), p.lease(), p.perUserPerMinute());
  }

  private static DailyReportVerticle.Settings reportSettings(ReportSchedule reports) {
    DailyReportVerticle.Settings d = DailyReportVerticle.Settings.defaults();
    return new DailyReportVerticle.Settings(
        d.tick(), reports.dailyAt(), d.catchUpDays(), d.lease(), reports.weeklyAt());
  }

  private static SmtpSettings smtp(CrmConfig config) {
    MailConfig mail = config.mail();
    if (!mail.enabled()) {
      return null;
    }
    return new SmtpSettings(
        mail.host().orElseThrow(),
        mail.port(),
        mail.from(),
        mail.username().orElse(null),
        mail.password().orElse(null),
        mail.startTls());
  }
}
