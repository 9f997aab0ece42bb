package com.chatcrm.engine.lead;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.PermissionMatrix;
import com.chatcrm.engine.testing.PermissionMatrix.Role;
import com.chatcrm.engine.testing.PermissionMatrix.Whose;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission matrix of leads. Owned leads follow the 上下级 rules of {@link PermissionMatrix} (rep
 * / manager / admin × own / subordinate's — a colleague's for a rep — / another manager's
 * department / another company): a lead the actor may not see answers NotFound like a missing id
 * and is left as it was; one they see but may not do this with answers Forbidden. Leads in the 线索池
 * are seen by everyone in the company and claimed by anyone, worked only by admins until claimed,
 * assigned by managers and admins.
 */
class LeadPermissionTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  enum Op {
    GET,
    LIST,
    CONVERT,
    INVALIDATE,
    CLAIM,
    ASSIGN
  }

  /** Who acts on a pool lead. */
  enum PoolActor {
    REP,
    COLLEAGUE,
    MANAGER,
    OTHER_MANAGER,
    ADMIN,
    OTHER_COMPANY
  }

  static OrgFixture org;
  static LeadService leads;
  static int serial;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    leads = new LeadService(db.pool());
  }

  static Stream<Arguments> owned() {
    return PermissionMatrix.cells(Op.values());
  }

  static Stream<Arguments> pool() {
    List<Arguments> cells = new ArrayList<>();
    for (PoolActor who : PoolActor.values()) {
      for (Op op : Op.values()) {
        cells.add(arguments(who, op));
      }
    }
    return cells.stream();
  }

  /** A fresh lead of {@code owner}, captured by them (the outsider's in their own company). */
  static Lead leadOf(long owner) {
    Actor by = owner == org.outsider ? org.b() : org.a(owner);
    return await(leads.capture(by, NewLead.of("权限线索" + (++serial), LeadSource.CHAT), true)).lead();
  }

  @ParameterizedTest(name = "{0} × {1} × {2} → sees it: {3}")
  @MethodSource("owned")
  void ownedLead(Role role, Whose whose, Op op, boolean allowed) {
    long actorId = PermissionMatrix.actorOf(org, role);
    Actor actor = org.a(actorId);
    long owner = PermissionMatrix.ownerOf(org, role, whose);
    Lead lead = leadOf(owner);
    switch (op) {
      case GET -> {
        if (allowed) {
          assertThat(await(leads.get(actor, lead.id())).company()).isEqualTo(lead.company());
        } else {
          hidden(() -> await(leads.get(actor, lead.id())));
        }
      }
      case LIST -> {
        List<Long> team =
            await(leads.list(actor, LeadFilter.of(LeadFilter.Scope.TEAM).withText(lead.company())))
                .items()
                .stream()
                .map(Lead::id)
                .toList();
        if (allowed) {
          assertThat(team).containsExactly(lead.id());
        } else {
          assertThat(team).isEmpty();
        }
        assertThat(await(leads.findByCompany(actor, lead.company(), 5)))
            .extracting(Lead::id)
            .isEqualTo(allowed ? List.of(lead.id()) : List.of());
      }
      case CONVERT -> {
        if (allowed) {
          ConvertedLead done =
              await(leads.convert(actor, lead.id(), LeadConversion.customerOnly()));
          assertThat(done.customer().ownerId())
              .as("the customer is the lead owner's")
              .isEqualTo(owner);
        } else {
          hidden(() -> await(leads.convert(actor, lead.id(), LeadConversion.customerOnly())));
        }
      }
      case INVALIDATE -> {
        if (allowed) {
          assertThat(await(leads.invalidate(actor, lead.id(), "测试")).status())
              .isEqualTo(LeadStatus.INVALID);
        } else {
          hidden(() -> await(leads.invalidate(actor, lead.id(), "测试")));
        }
      }
      case CLAIM -> {
        if (whose == Whose.OWN) {
          assertThat(await(leads.claim(actor, lead.id())).ownerId()).isEqualTo(actorId);
        } else if (allowed) {
          forbidden(() -> await(leads.claim(actor, lead.id())));
        } else {
          hidden(() -> await(leads.claim(actor, lead.id())));
        }
      }
      case ASSIGN -> {
        long to = role == Role.ADMIN ? org.rep2 : org.rep1;
        if (allowed && role != Role.REP) {
          assertThat(await(leads.assign(actor, lead.id(), to)).ownerId()).isEqualTo(to);
        } else if (allowed) {
          forbidden(() -> await(leads.assign(actor, lead.id(), to)));
        } else {
          hidden(() -> await(leads.assign(actor, lead.id(), to)));
        }
      }
    }
    if (!allowed
        || (op == Op.ASSIGN && role == Role.REP)
        || (op == Op.CLAIM && whose != Whose.OWN)) {
      Lead after = unchecked(lead.id(), owner);
      assertThat(after.status()).as("left as it was").isEqualTo(LeadStatus.NEW);
      assertThat(after.ownerId()).isEqualTo(owner);
    }
  }

  @ParameterizedTest(name = "线索池 × {0} × {1}")
  @MethodSource("pool")
  void poolLead(PoolActor who, Op op) {
    Lead lead =
        await(
                leads.captureUnattended(
                    org.tenantA.id(), NewLead.of("线索池线索" + (++serial), LeadSource.WEBFORM)))
            .lead();
    assertThat(lead.inPool()).isTrue();
    long actorId =
        switch (who) {
          case REP -> org.rep1;
          case COLLEAGUE -> org.rep2;
          case MANAGER -> org.manager1;
          case OTHER_MANAGER -> org.manager2;
          case ADMIN -> org.admin;
          case OTHER_COMPANY -> org.outsider;
        };
    Actor actor = who == PoolActor.OTHER_COMPANY ? org.b() : org.a(actorId);
    boolean outside = who == PoolActor.OTHER_COMPANY;
    boolean admin = who == PoolActor.ADMIN;
    switch (op) {
      case GET -> {
        if (outside) {
          hidden(() -> await(leads.get(actor, lead.id())));
        } else {
          assertThat(await(leads.get(actor, lead.id())).inPool()).isTrue();
        }
      }
      case LIST ->
          assertThat(
                  await(
                          leads.list(
                              actor, LeadFilter.of(LeadFilter.Scope.POOL).withText(lead.company())))
                      .items())
              .extracting(Lead::id)
              .isEqualTo(outside ? List.of() : List.of(lead.id()));
      case CONVERT -> {
        if (outside) {
          hidden(() -> await(leads.convert(actor, lead.id(), LeadConversion.customerOnly())));
        } else if (admin) {
          assertThat(
                  await(leads.convert(actor, lead.id(), LeadConversion.customerOnly()))
                      .customer()
                      .ownerId())
              .isEqualTo(org.admin);
        } else {
          forbidden(() -> await(leads.convert(actor, lead.id(), LeadConversion.customerOnly())));
        }
      }
      case INVALIDATE -> {
        if (outside) {
          hidden(() -> await(leads.invalidate(actor, lead.id(), null)));
        } else if (admin) {
          assertThat(await(leads.invalidate(actor, lead.id(), null)).status())
              .isEqualTo(LeadStatus.INVALID);
        } else {
          forbidden(() -> await(leads.invalidate(actor, lead.id(), null)));
        }
      }
      case CLAIM -> {
        if (outside) {
          hidden(() -> await(leads.claim(actor, lead.id())));
        } else {
          assertThat(await(leads.claim(actor, lead.id())).ownerId()).isEqualTo(actorId);
        }
      }
      case ASSIGN -> {
        long to =
            switch (who) {
              case MANAGER -> org.rep2;
              case OTHER_MANAGER -> org.rep3;
              case ADMIN -> org.rep1;
              default -> org.rep1;
            };
        if (outside) {
          hidden(() -> await(leads.assign(actor, lead.id(), to)));
        } else if (who == PoolActor.REP || who == PoolActor.COLLEAGUE) {
          forbidden(() -> await(leads.assign(actor, lead.id(), to)));
        } else {
          assertThat(await(leads.assign(actor, lead.id(), to)).ownerId()).isEqualTo(to);
        }
      }
    }
  }

  /** A manager may not hand a pool lead to someone outside their reach. */
  @org.junit.jupiter.api.Test
  void managerAssignsOnlyWithinReach() {
    Lead lead =
        await(leads.captureUnattended(org.tenantA.id(), NewLead.of("越级分配", LeadSource.API))).lead();
    forbidden(() -> await(leads.assign(org.a(org.manager1), lead.id(), org.rep3)));
    assertThat(unchecked(lead.id(), null).inPool()).isTrue();
  }

  /** The lead as the admin of its company sees it. */
  static Lead unchecked(long leadId, Long owner) {
    Actor admin =
        owner != null && owner == org.outsider
            ? Actor.system(org.tenantB.id(), "test")
            : Actor.system(org.tenantA.id(), "test");
    return await(leads.get(admin, leadId));
  }

  static void hidden(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(NotFound.class).hasMessage("线索不存在");
  }

  static void forbidden(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(Forbidden.class);
  }
}
