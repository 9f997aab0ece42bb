package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rep / manager / admin × own / subordinate's / other department's / other tenant's customer × read
 * / write. Every allowed cell succeeds; every forbidden cell is denied and changes nothing.
 */
class CustomerPermissionMatrixTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerService customers;
  static CustomerSearch search;

  // Whose customer, seen from each role. In the fixture: manager1 manages sales1 (rep1) and its
  // child east (rep2); rep3 is in sales2; the outsider is in tenant B.
  static long repOwn;
  static long repColleagueInSubtree; // rep2's, seen by rep1: a peer, not a subordinate
  static long managerOwn;
  static long managerSubordinate;
  static long otherDepartment;
  static long otherTenant;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
    search = new CustomerSearch(db.pool());
    repOwn = create(org.a(org.rep1), "矩阵-李雷的客户");
    repColleagueInSubtree = create(org.a(org.rep2), "矩阵-韩梅梅的客户");
    managerOwn = create(org.a(org.manager1), "矩阵-张经理的客户");
    managerSubordinate = repColleagueInSubtree;
    otherDepartment = create(org.a(org.rep3), "矩阵-赵六的客户");
    otherTenant = create(org.b(), "矩阵-外人的客户");
  }

  private static long create(Actor actor, String name) {
    return await(customers.create(actor, NewCustomer.named(name))).id();
  }

  record Cell(String who, Actor actor, String whose, long customerId, boolean allowed) {}

  static List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    // rep: own yes; a peer's (rep2, same subtree but not managed by rep1) no; other department no;
    // other tenant no
    cells.add(new Cell("rep", org.a(org.rep1), "own", repOwn, true));
    cells.add(new Cell("rep", org.a(org.rep1), "a peer's", repColleagueInSubtree, false));
    cells.add(new Cell("rep", org.a(org.rep1), "other department's", otherDepartment, false));
    cells.add(new Cell("rep", org.a(org.rep1), "other tenant's", otherTenant, false));
    // manager: own, subordinate's (rep1 directly, rep2 in the child department) yes; other
    // department no; other tenant no
    cells.add(new Cell("manager", org.a(org.manager1), "own", managerOwn, true));
    cells.add(new Cell("manager", org.a(org.manager1), "direct subordinate's", repOwn, true));
    cells.add(
        new Cell(
            "manager",
            org.a(org.manager1),
            "sub-department subordinate's",
            managerSubordinate,
            true));
    cells.add(
        new Cell("manager", org.a(org.manager1), "other department's", otherDepartment, false));
    cells.add(new Cell("manager", org.a(org.manager1), "other tenant's", otherTenant, false));
    // admin: everything in the tenant; nothing outside it
    cells.add(new Cell("admin", org.a(org.admin), "a rep's", repOwn, true));
    cells.add(new Cell("admin", org.a(org.admin), "other department's", otherDepartment, true));
    cells.add(new Cell("admin", org.a(org.admin), "other tenant's", otherTenant, false));
    return cells;
  }

  @TestFactory
  Stream<DynamicTest> read() {
    return cells().stream()
        .map(
            cell ->
                DynamicTest.dynamicTest(
                    cell.who()
                        + " reads "
                        + cell.whose()
                        + " customer: "
                        + (cell.allowed() ? "allowed" : "denied"),
                    () -> {
                      if (cell.allowed()) {
                        assertThat(await(customers.get(cell.actor(), cell.customerId())).id())
                            .isEqualTo(cell.customerId());
                      } else {
                        assertThatThrownBy(
                                () -> await(customers.get(cell.actor(), cell.customerId())))
                            .isInstanceOfAny(Forbidden.class, NotFound.class);
                      }
                      String name =
                          await(
                                  customers.get(
                                      Actor.system(ownerTenant(cell.customerId()), "check"),
                                      cell.customerId()))
                              .name();
                      boolean found =
                          await(search.search(cell.actor(), name, CustomerSearch.Scope.VISIBLE, 5))
                              .stream()
                              .anyMatch(h -> h.customer().id() == cell.customerId());
                      assertThat(found).as("search shows it").isEqualTo(cell.allowed());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> write() {
    return cells().stream()
        .map(
            cell ->
                DynamicTest.dynamicTest(
                    cell.who()
                        + " edits "
                        + cell.whose()
                        + " customer: "
                        + (cell.allowed() ? "allowed" : "denied"),
                    () -> {
                      Actor system = Actor.system(ownerTenant(cell.customerId()), "check");
                      Customer before = await(customers.get(system, cell.customerId()));
                      CustomerChanges change = CustomerChanges.none().address("矩阵地址-" + cell.who());
                      if (cell.allowed()) {
                        Customer after =
                            await(
                                customers.update(
                                    cell.actor(), cell.customerId(), before.version(), change));
                        assertThat(after.address()).isEqualTo("矩阵地址-" + cell.who());
                      } else {
                        assertThatThrownBy(
                                () ->
                                    await(
                                        customers.update(
                                            cell.actor(),
                                            cell.customerId(),
                                            before.version(),
                                            change)))
                            .isInstanceOfAny(Forbidden.class, NotFound.class);
                        assertThatThrownBy(
                                () -> await(customers.delete(cell.actor(), cell.customerId())))
                            .isInstanceOfAny(Forbidden.class, NotFound.class);
                        Customer unchanged = await(customers.get(system, cell.customerId()));
                        assertThat(unchanged.version()).isEqualTo(before.version());
                        assertThat(unchanged.deleted()).isFalse();
                      }
                    }));
  }

  private static long ownerTenant(long customerId) {
    return customerId == otherTenant ? org.tenantB.id() : org.tenantA.id();
  }
}
