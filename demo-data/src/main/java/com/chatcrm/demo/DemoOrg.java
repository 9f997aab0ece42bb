package com.chatcrm.demo;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo tenant and its people, set up through the engine's own services: 总部 → 4 大区 → 3-5 销售组, a
 * manager on every department, and the reps spread over the groups.
 */
final class DemoOrg {

  /** A rep and where they sit. */
  record RepSeat(long userId, int region, int group) {}

  long tenantId;
  long adminId;
  final List<Long> managerIds = new ArrayList<>();
  final List<Long> repIds = new ArrayList<>();
  final List<RepSeat> reps = new ArrayList<>();

  private DemoOrg() {}

  int userCount() {
    return 1 + managerIds.size() + repIds.size();
  }

  /** Registers the tenant (unless it exists) and builds its org; blocks until done. */
  static DemoOrg create(Pool pool, String platform, String corpId, DemoSize size, long seed) {
    DemoOrg org = new DemoOrg();
    Tenant tenant =
        await(
            new TenantService(pool)
                .register(platform, corpId, "星河集团（演示）", DemoDataGenerator.ZONE.getId()));
    org.tenantId = tenant.id();
    Actor system = Actor.system(tenant.id(), "demo-data");
    OrgService orgs = new OrgService(pool);
    PersonNames names = new PersonNames(seed);

    await(orgs.upsertDepartment(system, "hq", "总部", null));
    org.adminId = await(orgs.upsertUser(system, user("admin", names.next(), "admin", "hq")));
    long director = await(orgs.upsertUser(system, user("director", names.next(), "rep", "hq")));
    org.managerIds.add(director);
    await(orgs.setManagers(system, "hq", List.of("demo-director")));
    // Groups interleaved across regions, so that a handful of reps still covers every region.
    List<int[]> groupOrder = new ArrayList<>();
    int maxGroups = DemoVocabulary.GROUPS.stream().mapToInt(List::size).max().orElse(0);
    for (int g = 0; g < maxGroups; g++) {
      for (int r = 0; r < DemoVocabulary.GROUPS.size(); r++) {
        if (g < DemoVocabulary.GROUPS.get(r).size()) {
          groupOrder.add(new int[] {r, g});
        }
      }
    }
    for (int r = 0; r < DemoVocabulary.REGIONS.size(); r++) {
      String regionId = "r" + (r + 1);
      await(orgs.upsertDepartment(system, regionId, DemoVocabulary.REGIONS.get(r) + "大区", "hq"));
      String mgr = regionId + "-mgr";
      org.managerIds.add(await(orgs.upsertUser(system, user(mgr, names.next(), "rep", regionId))));
      await(orgs.setManagers(system, regionId, List.of("demo-" + mgr)));
      List<String> groups = DemoVocabulary.GROUPS.get(r);
      for (int g = 0; g < groups.size(); g++) {
        String groupId = groupId(r, g);
        await(orgs.upsertDepartment(system, groupId, groups.get(g), regionId));
        String lead = groupId + "-lead";
        org.managerIds.add(
            await(orgs.upsertUser(system, user(lead, names.next(), "rep", groupId))));
        await(orgs.setManagers(system, groupId, List.of("demo-" + lead)));
      }
    }
    List<Future<Long>> reps = new ArrayList<>();
    for (int i = 0; i < size.reps(); i++) {
      int[] rg = groupOrder.get(i % groupOrder.size());
      reps.add(
          orgs.upsertUser(
              system,
              user(String.format("rep-%04d", i + 1), names.next(), "rep", groupId(rg[0], rg[1]))));
    }
    for (int i = 0; i < reps.size(); i++) {
      int[] rg = groupOrder.get(i % groupOrder.size());
      long id = await(reps.get(i));
      org.repIds.add(id);
      org.reps.add(new RepSeat(id, rg[0], rg[1]));
    }
    return org;
  }

  private static String groupId(int region, int group) {
    return "r" + (region + 1) + "-g" + (group + 1);
  }

  private static OrgUser user(String id, String name, String role, String dept) {
    // 199 is a prefix no customer phone uses, so staff never collide with customers in a search by
    // phone.
    String mobile = "199" + String.format("%08d", Math.floorMod(id.hashCode(), 100_000_000));
    return new OrgUser("demo-" + id, name, mobile, null, role, List.of(dept));
  }

  /** Distinct Chinese names: a permutation of surname × given name. */
  static final class PersonNames {
    private final int space = DemoVocabulary.SURNAMES.size() * DemoVocabulary.GIVEN_NAMES.size();
    private final long multiplier = DemoNames.coprime(space, 37);
    private final long offset;
    private int next;

    PersonNames(long seed) {
      offset = Math.floorMod(seed, space);
    }

    String next() {
      int i = next++;
      int k = (int) ((DemoNames.mulMod(i % space, multiplier, space) + offset) % space);
      String name =
          DemoVocabulary.SURNAMES.get(k / DemoVocabulary.GIVEN_NAMES.size())
              + DemoVocabulary.GIVEN_NAMES.get(k % DemoVocabulary.GIVEN_NAMES.size());
      return i < space ? name : name + (i / space + 1);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the org set-up did not answer within 2 minutes", e);
    }
  }
}
