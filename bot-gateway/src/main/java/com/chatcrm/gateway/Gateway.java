package com.chatcrm.gateway;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.port.DirectorySync;
import com.chatcrm.engine.port.ExportLinks;
import com.chatcrm.gateway.command.ChatCommands;
import com.chatcrm.gateway.command.CommandButtons;
import com.chatcrm.gateway.dingtalk.DingTalkPlatform;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.ChatEventHandler;
import com.chatcrm.gateway.inbound.InboundHandler;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.notify.EmailFallbackSender;
import com.chatcrm.gateway.notify.EmailSender;
import com.chatcrm.gateway.notify.OutboxNotifier;
import com.chatcrm.gateway.notify.SmtpSettings;
import com.chatcrm.gateway.operator.TenantRegistry;
import com.chatcrm.gateway.outbound.ChannelSender;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.platform.ChatPlatform;
import com.chatcrm.gateway.platform.DirectoryChange;
import com.chatcrm.gateway.webform.LeadWebhook;
import com.chatcrm.gateway.wecom.WeComPlatform;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat side of the service, assembled from what the composition root hands it: the chat
 * platforms behind their port, the command language, and the inbox processor and outbox dispatcher
 * that connect them. Everything is built here, before anything is deployed.
 */
public final class Gateway implements ChangeFeed.Listener {

  /**
   * Where the platform APIs are (real base URLs, or the sandbox stand-ins' on our own port), how
   * often the inbox and outbox are polled besides being nudged, mail for what no platform delivers,
   * and where the mini-app is (links in messages open its pages; null for none).
   */
  public record Options(
      String wecomApiBaseUrl,
      String dingtalkApiBaseUrl,
      String dingtalkOapiBaseUrl,
      long pollMillis,
      SmtpSettings smtp,
      String miniAppUrl,
      Backoff backoff,
      ExportLinks exportLinks) {

    /** Without download links (tools, tests): 导出我的客户 points to the mini-app. */
    public Options(
        String wecomApiBaseUrl,
        String dingtalkApiBaseUrl,
        String dingtalkOapiBaseUrl,
        long pollMillis,
        SmtpSettings smtp,
        String miniAppUrl,
        Backoff backoff) {
      this(
          wecomApiBaseUrl,
          dingtalkApiBaseUrl,
          dingtalkOapiBaseUrl,
          pollMillis,
          smtp,
          miniAppUrl,
          backoff,
          null);
    }
  }

  /**
   * Intake statements in flight at once, and so the size of the intake pool: callbacks arriving
   * while they run go into the next group, so fewer means bigger groups per commit; 4 keep the WAL
   * writer busy.
   */
  public static final int INTAKE_STATEMENTS = 4;

  private final Vertx vertx;
  private final Options options;
  private final DatabaseOutage outage;
  private final Engine engine;
  private final Engine chat;

  /** One grouping intake for every platform: callbacks arriving together share a commit. */
  private final Inbox callbacks;

  private final List<ChatPlatform> platforms;
  private final ChatCommands commands;
  private final CardActions cardActions;

  /** Leads from the companies' own web forms, signed with each company's secret. */
  private final LeadWebhook leadWebhook;

  /**
   * @param engine the services on the service's pool: tenants, channels, streams and the notifier
   * @param chat the services chat runs on. Their connections may commit without waiting for the WAL
   *     flush ({@code synchronous_commit = off}): everything they write follows from an inbox or
   *     outbox row that was committed durably, and a crash that loses their last writes loses the
   *     marks "done"/"sent" written after them too, so the work is simply done again (follow-ups,
   *     replies and outbox rows are keyed by the platform message id and are not duplicated; a
   *     reply may be sent twice).
   * @param intake where callbacks are recorded, on connections of their own (sized {@link
   *     #INTAKE_STATEMENTS})
   * @param outage the process's record of database outages: what fails for want of it is counted
   *     there
   */
  public Gateway(
      Vertx vertx,
      Engine engine,
      Engine chat,
      Engine.Intake intake,
      Options options,
      DatabaseOutage outage) {
    this.vertx = vertx;
    this.engine = engine;
    this.chat = chat;
    this.options = options;
    this.outage = outage;
    this.callbacks = intake.callbacks();
    this.platforms = platforms(vertx, engine, chat, intake, options, outage);
    this.leadWebhook =
        new LeadWebhook(
            engine.tenants(),
            engine.channels(),
            intake.signatures(),
            engine.leads(),
            engine.clock(),
            outage);
    this.commands = new ChatCommands(chat, options.miniAppUrl(), options.exportLinks());
    // the name matcher's dictionaries take a moment to load: not on the first rep's line
    vertx
        .executeBlocking(
            () -> {
              com.chatcrm.language.CustomerNames.warmUp();
              return null;
            },
            false)
        .onFailure(
            e ->
                org.slf4j.LoggerFactory.getLogger(Gateway.class)
                    .warn("Customer name dictionaries not preloaded: {}", e.toString()));
    this.cardActions =
        new CardActions(
            chat.org(),
            chat.reminders(),
            chat.clock(),
            new CommandButtons(chat, commands, vertx.eventBus()),
            chat.handovers());
  }

  /**
   * The chat platforms alone, without commands or workers: what the operator's {@code tenant}
   * command needs to check an app and sync a directory.
   */
  public static List<ChatPlatform> platforms(
      Vertx vertx,
      Engine engine,
      Engine chat,
      Engine.Intake intake,
      Options options,
      DatabaseOutage outage) {
    Inbox callbacks = intake.callbacks();
    WebClient client = WebClient.create(vertx);
    WeComPlatform weCom =
        new WeComPlatform(
            vertx,
            client,
            options.wecomApiBaseUrl(),
            options.backoff(),
            engine.tenants(),
            engine.channels(),
            chat.org(),
            chat.handovers(),
            callbacks,
            engine.clock(),
            outage);
    DingTalkPlatform dingTalk =
        new DingTalkPlatform(
            vertx,
            client,
            options.dingtalkApiBaseUrl(),
            options.dingtalkOapiBaseUrl(),
            options.backoff(),
            engine.tenants(),
            engine.channels(),
            chat.org(),
            chat.handovers(),
            callbacks,
            intake.signatures(),
            engine.inbox(),
            engine.clock(),
            outage);
    return List.of(weCom, dingTalk);
  }

  /** The operator's registry of companies, on these platforms. */
  public TenantRegistry registry(String publicUrl) {
    return new TenantRegistry(engine, platforms, publicUrl);
  }

  /**
   * How the engine's notifications reach users: queued in the outbox for their platform (or mail),
   * with page buttons opening the mini-app at {@code miniAppUrl}.
   */
  public static Engine.NotifierFactory notifiers(EventBus eventBus, String miniAppUrl) {
    return (tenants, recipients, outbox) ->
        new OutboxNotifier(recipients, outbox, eventBus).withMiniApp(miniAppUrl, tenants);
  }

  /** The command language, e.g. for the sandbox's parse API. */
  public ChatCommands commands() {
    return commands;
  }

  /** The chat platforms, e.g. for the mini-app's 免登 through each. */
  public List<ChatPlatform> platforms() {
    return platforms;
  }

  /** Adds every platform's callback routes, and the leads webhook, to the service's router. */
  public void mount(Router router) {
    platforms.forEach(p -> p.mount(router));
    leadWebhook.mount(router);
  }

  /** Reacts to changes announced by any node (see the engine's ChangeFeed). */
  @Override
  public void onChange(String message) {
    if (message.startsWith("tenant_channel:")) {
      platforms.forEach(ChatPlatform::settingsChanged);
    }
  }

  /** The feed missed messages: any company's settings may have changed. */
  @Override
  public void onMissedChanges() {
    platforms.forEach(ChatPlatform::settingsChanged);
  }

  /** Brings a tenant's directory on {@code platform} in step with the platform's, all of it. */
  public Future<Void> syncDirectory(String platform, long tenantId) {
    return platforms.stream()
        .filter(p -> p.id().equals(platform))
        .findFirst()
        .map(p -> p.syncDirectory(tenantId, DirectoryChange.everything()))
        .orElseGet(() -> Future.failedFuture("no platform " + platform));
  }

  /**
   * The engine's port for the nightly full sync: each tenant on its own platform; a tenant whose
   * platform app is not configured has nothing to sync.
   */
  public DirectorySync directorySync() {
    return tenantId ->
        engine
            .tenants()
            .get(tenantId)
            .compose(t -> syncDirectory(t.platform(), tenantId))
            .recover(
                e -> e instanceof NotFound ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** The inbox processor and the outbox dispatcher, to deploy. */
  public List<Deployable> verticles() {
    Map<String, InboundHandler> handlers = new HashMap<>();
    Map<String, ChannelSender> senders = new HashMap<>();
    EmailSender email = options.smtp() == null ? null : new EmailSender(vertx, options.smtp());
    for (ChatPlatform platform : platforms) {
      handlers.put(platform.id(), new ChatEventHandler(platform, commands, cardActions));
      // a recipient the platform refuses for good still gets the message, by mail
      senders.put(
          platform.id(),
          email == null
              ? platform.sender()
              : new EmailFallbackSender(platform.sender(), email, engine.recipients()));
    }
    if (email != null) {
      senders.put(OutboxNotifier.EMAIL_CHANNEL, email);
    }
    return List.<Deployable>of(
        new InboundProcessor(
                chat.inbox(),
                Map.copyOf(handlers),
                options.pollMillis(),
                callbacks::recentAcceptMillis)
            .reportOutagesTo(outage),
        new OutboxDispatcher(chat.outbox(), Map.copyOf(senders), options.pollMillis())
            .reportOutagesTo(outage));
  }

  /** Connections the platforms keep open on their own (DingTalk Stream), to deploy. */
  public Future<List<Deployable>> connections() {
    List<Future<List<Deployable>>> each = new ArrayList<>();
    platforms.forEach(p -> each.add(p.connections()));
    return Future.all(each)
        .map(
            all -> {
              List<Deployable> out = new ArrayList<>();
              each.forEach(f -> out.addAll(f.result()));
              return out;
            });
  }
}
