package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerChanges;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.KnownCustomers;
import com.chatcrm.engine.customer.NameChanges;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.testing.FeedCut;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.language.CustomerLinker;
import com.chatcrm.language.CustomerSpan;
import com.chatcrm.language.KnownCustomer;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat's customer-name index on a node whose change feed was cut off: it never expires while
 * the tenant chats, so only the feed's word of a gap can bring a rename made meanwhile.
 */
class CustomerLinksFeedTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName(
      "a customer renamed on another node while this node's feed was cut off is linked by its new name on the next line after the feed listens again")
  void renameDuringAGapIsLinked() {
    OrgFixture org = OrgFixture.create(db.pool());
    Vertx vertx = db.vertx();
    NameChanges names = new NameChanges();
    CustomerLinks links = new CustomerLinks(new KnownCustomers(db.pool(), names));
    FeedCut cut = new FeedCut(db.pool());
    String feed =
        await(
            vertx.deployVerticle(
                new ChangeFeed(db.location().connectOptions())
                    .onChange(names)
                    .onChange(cut.listener())));
    // "another node": its own pool and its own count of name changes
    Pool other = db.pool(vertx);
    try {
      CustomerService elsewhere = new CustomerService(other);
      Customer customer = await(elsewhere.create(org.a(org.rep1), NewCustomer.named("星河传媒有限公司")));
      assertThat(linked(links, org, "星河传媒有限公司 明天回访")).containsExactly(customer.id());

      cut.changeWhileCut(
          attempt -> {
            Customer now = await(elsewhere.get(org.a(org.rep1), customer.id()));
            await(
                elsewhere.update(
                    org.a(org.rep1),
                    customer.id(),
                    now.version(),
                    CustomerChanges.none().name("远航科技第" + attempt + "分公司")));
          });

      Customer renamed = await(new CustomerService(db.pool()).get(org.a(org.rep1), customer.id()));
      assertThat(linked(links, org, renamed.name() + " 明天回访")).containsExactly(customer.id());
      assertThat(linked(links, org, "星河传媒有限公司 明天回访")).isEmpty();
    } finally {
      await(other.close());
      await(vertx.undeploy(feed));
    }
  }

  private static List<Long> linked(CustomerLinks links, OrgFixture org, String line) {
    CustomerLinker linker = await(links.forLine(org.a(org.rep1), line));
    return linker.find(line).stream()
        .map(CustomerSpan::customers)
        .flatMap(List::stream)
        .map(KnownCustomer::id)
        .distinct()
        .toList();
  }
}
