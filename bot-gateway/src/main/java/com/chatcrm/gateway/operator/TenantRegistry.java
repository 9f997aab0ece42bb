package com.chatcrm.gateway.operator;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.platform.ChatPlatform;
import com.chatcrm.gateway.platform.ConsoleSetting;
import com.chatcrm.gateway.webform.LeadWebhook;
import com.chatcrm.gateway.webform.LeadWebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's work on companies, behind both the jar's {@code tenant} command and the operator
 * API: registering a company (its app checked against the platform before anything is stored, its
 * directory synced at once), rotating an app secret, disabling, listing. Every operation is
 * idempotent: registering a company again updates its settings and syncs again.
 */
public final class TenantRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);

  /** What an operator registers: the platform's app settings, as the channel stores them. */
  public record Registration(
      String platform,
      String corpId,
      String name,
      String timeZone,
      JsonObject settings,
      List<String> admins) {}

  /**
   * A registered company: whether it is new, how many members its directory brought, and what its
   * admin sets in the platform's console.
   */
  public record Registered(
      Tenant tenant, boolean created, int members, List<ConsoleSetting> console) {}

  private final Engine engine;
  private final List<ChatPlatform> platforms;
  private final String publicUrl;

  /**
   * @param publicUrl how the platforms reach this service, for the console settings printed
   */
  public TenantRegistry(Engine engine, List<ChatPlatform> platforms, String publicUrl) {
    this.engine = engine;
    this.platforms = platforms;
    this.publicUrl = publicUrl;
  }

  /** Registers (or updates) a company: check the app, store, enable, sync the directory. */
  public Future<Registered> add(Registration r) {
    ChatPlatform platform;
    try {
      platform = platform(r.platform());
      corpId(r.corpId());
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    String corpId = r.corpId().strip();
    JsonObject settings = r.settings().copy();
    if (r.admins() != null && !r.admins().isEmpty()) {
      settings.put("admins", new JsonArray(List.copyOf(r.admins())));
    }
    TenantService tenants = engine.tenants();
    return platform
        .checkApp(corpId, settings)
        .compose(
            checked ->
                tenants
                    .findEvenDisabled(platform.id(), corpId)
                    .map(t -> false)
                    .recover(e -> e instanceof NotFound ? Future.succeededFuture(true) : fail(e)))
        .compose(
            created ->
                tenants
                    .register(platform.id(), corpId, r.name(), r.timeZone())
                    .compose(
                        tenant ->
                            tenants
                                .setDisabled(platform.id(), corpId, false)
                                .compose(
                                    v ->
                                        engine
                                            .channels()
                                            .put(operator(tenant), platform.id(), settings))
                                .compose(v -> syncAndCount(platform, tenant))
                                .map(
                                    members ->
                                        new Registered(
                                            tenant,
                                            created,
                                            members,
                                            platform.consoleSettings(
                                                publicUrl, corpId, settings)))))
        .onSuccess(
            done ->
                LOG.info(
                    "Company {} {} on {} (tenant {}): {} members synced",
                    corpId,
                    done.created() ? "registered" : "updated",
                    platform.id(),
                    done.tenant().id(),
                    done.members()));
  }

  /**
   * Replaces some fields of a company's app settings (a new secret, token or key), checked against
   * the platform before it is stored; every node uses the new values within seconds.
   */
  public Future<Tenant> update(String platformId, String corpId, JsonObject changes) {
    ChatPlatform platform;
    try {
      platform = platform(platformId);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    if (changes.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("settings", "nothing to change"));
    }
    return engine
        .tenants()
        .findEvenDisabled(platform.id(), corpId)
        .compose(
            tenant ->
                engine
                    .channels()
                    .get(tenant.id(), platform.id())
                    .compose(
                        current -> {
                          JsonObject merged = current.copy().mergeIn(changes);
                          return platform
                              .checkApp(corpId, merged)
                              .compose(
                                  v ->
                                      engine
                                          .channels()
                                          .put(operator(tenant), platform.id(), merged));
                        })
                    .map(tenant));
  }

  /** A company's new leads-webhook secret and where its web forms send leads. */
  public record LeadWebhookSecret(Tenant tenant, String url, String secret) {}

  /**
   * Makes a company's leads webhook ({@code POST /webhooks/{tenantId}/leads}) a new secret, stored
   * sealed as the channels' other secrets: the secret is answered once and never again (a second
   * call replaces it, and the old one is refused from then on).
   */
  public Future<LeadWebhookSecret> leadWebhook(String platformId, String corpId) {
    try {
      platform(platformId);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    String secret = LeadWebhookSignature.newSecret();
    return engine
        .tenants()
        .findEvenDisabled(platformId, corpId)
        .compose(
            tenant ->
                engine
                    .channels()
                    .put(
                        operator(tenant),
                        LeadWebhook.CHANNEL,
                        new JsonObject().put("secret", secret))
                    .map(
                        v ->
                            new LeadWebhookSecret(
                                tenant, LeadWebhook.url(publicUrl, tenant.id()), secret)))
        .onSuccess(
            done ->
                LOG.info(
                    "Company {} on {} (tenant {}): new leads webhook secret",
                    corpId,
                    platformId,
                    done.tenant().id()));
  }

  /** Disables a company (callbacks and logins refused, schedulers skip it) or enables it again. */
  public Future<Void> setDisabled(String platformId, String corpId, boolean disabled) {
    try {
      platform(platformId);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return engine.tenants().setDisabled(platformId, corpId, disabled);
  }

  public Future<List<TenantService.Listed>> list() {
    return engine.tenants().list();
  }

  /** Seals every stored secret with the current master key; answers how many were sealed. */
  public Future<Integer> resealSecrets() {
    return engine.channels().reseal(false);
  }

  private Future<Integer> syncAndCount(ChatPlatform platform, Tenant tenant) {
    return platform
        .syncDirectory(tenant.id(), com.chatcrm.gateway.platform.DirectoryChange.everything())
        .compose(v -> engine.tenants().members(tenant.id()));
  }

  private ChatPlatform platform(String id) {
    return platforms.stream()
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                InvalidInput.field(
                    "platform",
                    "must be one of "
                        + platforms.stream().map(ChatPlatform::id).toList()
                        + ", not "
                        + id));
  }

  private static void corpId(String corpId) {
    if (corpId == null || !corpId.strip().matches("[A-Za-z0-9_-]{4,64}")) {
      throw InvalidInput.field("corpId", "must be the platform's corp id (letters and digits)");
    }
  }

  private static Actor operator(Tenant tenant) {
    return Actor.system(tenant.id(), "operator");
  }

  private static <T> Future<T> fail(Throwable e) {
    return Future.failedFuture(e);
  }
}
