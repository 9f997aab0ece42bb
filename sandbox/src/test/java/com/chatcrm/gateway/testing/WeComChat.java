package com.chatcrm.gateway.testing;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.gateway.command.ChatCommands;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import com.chatcrm.sandbox.WeComSandbox;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;

/**
 * WeCom's real chat path for a test class, wired once in its {@code @BeforeAll} on a
 * FreshDatabase's vertx and pool by {@link TestGateway}: the sandbox corp 华信科技 as a registered
 * tenant, its signed callback into the inbox, the command language, the inbound processor and the
 * outbox dispatcher sending back to the sandbox, where the helpers read it.
 */
public final class WeComChat implements AutoCloseable {

  private final SandboxCorp corp = SandboxCorps.huaxin();
  private final TestGateway gateway;
  private final Tenant tenant;
  private final WeComCallbackSimulator wecom;

  private WeComChat(TestGateway gateway, Set<String> admins) {
    this.gateway = gateway;
    this.tenant = gateway.registerWeCom(corp, admins);
    this.wecom = new WeComCallbackSimulator(gateway.client(), gateway.base() + "/callback/wecom");
  }

  /**
   * Wires the path and syncs the sandbox directory; {@code admins} are the platform user ids made
   * admins.
   */
  public static WeComChat start(Vertx vertx, Pool pool, Set<String> admins) {
    return new WeComChat(TestGateway.start(vertx, pool), admins);
  }

  @Override
  public void close() {
    gateway.close();
  }

  /** The production wiring underneath. */
  public TestGateway gateway() {
    return gateway;
  }

  public Tenant tenant() {
    return tenant;
  }

  public SandboxCorp corp() {
    return corp;
  }

  public WeComSandbox sandbox() {
    return gateway.sandbox().weComSandbox();
  }

  public WeComCallbackSimulator wecom() {
    return wecom;
  }

  public WebClient client() {
    return gateway.client();
  }

  /** The port the callback, sandbox and /sandbox/parse routes listen on. */
  public int port() {
    return gateway.port();
  }

  public ChatCommands commands() {
    return gateway.gateway().commands();
  }

  /** The CRM user id of the synced directory user {@code platformUserId}, e.g. "lisi". */
  public long userId(String platformUserId) {
    return gateway.userId(tenant.id(), platformUserId);
  }

  /** The sandbox's successful message/send calls to {@code user}, oldest first. */
  public List<SandboxCall> sendsTo(String user) {
    return sandbox().calls("/cgi-bin/message/send").stream()
        .filter(
            c -> user.equals(c.body().getString("touser")) && c.answer().getInteger("errcode") == 0)
        .toList();
  }

  /** Types the line as {@code user} in WeCom and returns the bot's reply as sent. */
  public String say(String user, String line) {
    int before = sendsTo(user).size();
    assertThat(await(wecom.post(wecom.text(corp, user, line))).statusCode()).isEqualTo(200);
    List<SandboxCall> replies = eventually(() -> sendsTo(user), l -> l.size() > before);
    return replies.get(replies.size() - 1).body().encode();
  }

  /**
   * Clicks a WeCom card button as {@code user} and answers the text the button shows afterwards.
   */
  public String click(String user, String key) {
    String code = sandbox().issueResponseCode(corp.corpId());
    await(wecom.post(wecom.cardClick(corp, user, "task-" + System.nanoTime(), key, code)));
    SandboxCall update =
        eventually(
                () ->
                    sandbox().calls("/cgi-bin/message/update_template_card").stream()
                        .filter(c -> code.equals(c.body().getString("response_code")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    return update.body().getJsonObject("button").getString("replace_name");
  }

  public Customer customer(long owner, String name) {
    return await(
        gateway
            .engine()
            .customers()
            .create(Actor.user(tenant.id(), owner, Source.api("t")), NewCustomer.named(name)));
  }

  /** {@code user} acting through the API, with a fresh source on every call. */
  public Actor as(long user) {
    return Actor.user(tenant.id(), user, Source.api("t-" + System.nanoTime()));
  }

  /** The first column of the first row of {@code sql} as text. */
  public String text(String sql) {
    return gateway.text(sql);
  }

  /** The first column of the first row of {@code sql} as a number, e.g. a count(*). */
  public long count(String sql) {
    return gateway.count(sql);
  }
}
