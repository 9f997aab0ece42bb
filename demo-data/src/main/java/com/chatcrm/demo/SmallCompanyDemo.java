package com.chatcrm.demo;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.org.OrgService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data of a sandbox company, made once (a company that has customers is left alone, so it
 * is safe at every start): a few hundred customers owned by its sandbox members, each with a
 * contact, follow-ups over the past weeks (some with a next follow-up, hence reminders), and
 * opportunities across the stages, some won or lost. Everything goes through the engine's services
 * as an import job, a handful of customers at a time, so audit, search initials and reminders are
 * what they would be. The services stamp creation, wins and stage moves with the database's now();
 * {@link #backdate} then moves those of each customer to past days of the last five weeks, so the
 * first 日报 is not the whole demo at once. The audit log keeps the seeding time: it records when the
 * rows were written (by sandbox-demo). The first customer is always 星河传媒, owned by the second
 * member (华信科技's 李四), as in the help text.
 */
public final class SmallCompanyDemo {

  private static final Logger LOG = LoggerFactory.getLogger(SmallCompanyDemo.class);

  /** Customers per company. */
  public static final int CUSTOMERS = 240;

  private static final int PARALLEL = 8;
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private static final String[] FIRST = "星蓝远鼎恒嘉瑞锦天华云金博汇盛启".split("");
  private static final String[] SECOND = "河海航泰通禾丰程宇彩帆桥川达明越".split("");
  private static final String[] TRADES = {
    "传媒", "科技", "物流", "医药", "建材", "食品", "教育", "电子", "机械", "贸易", "咨询", "能源"
  };
  private static final String[] INDUSTRIES = {
    "文化传媒", "软件信息", "交通物流", "医疗健康", "建筑建材", "食品饮料", "教育培训", "电子制造", "装备制造", "批发零售", "企业服务", "新能源"
  };
  private static final String[] REGIONS = {
    "北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "苏州", "西安"
  };
  private static final String[] SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高".split("");
  private static final String[] GIVEN = {
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平", "刚", "婷", "鹏", "华",
    "琳"
  };
  private static final String[] TITLES = {"总经理", "采购经理", "IT 主管", "财务总监", "运营总监", "行政经理", "技术负责人"};
  private static final String[] METHODS = {"电话", "拜访", "微信", "邮件", "会议"};
  private static final String[] NOTES = {
    "电话沟通了报价，客户觉得价格偏高，希望再优惠一些",
    "上门演示了产品，对方 IT 很感兴趣",
    "发了方案和报价单，等对方内部评审",
    "客户在比较两家供应商，约了下周再聊",
    "对方采购确认了需求范围，准备走合同流程",
    "微信上回答了几个技术问题，反馈不错",
    "开了需求会，明确了三期上线计划",
    "老板出差，下周回来再定",
    "续费意向明确，等预算批下来",
    "介绍了新功能，客户想先试用一个月"
  };
  private static final String[] NEXT_STEPS = {"发正式报价", "约老板见面", "安排产品演示", "跟进合同审批", "确认试用反馈"};
  private static final String[] DEALS = {"年度框架", "系统升级", "首期采购", "续费", "扩容", "培训服务"};

  private final Pool pool;
  private final CustomerService customers;
  private final ContactService contacts;
  private final OpportunityService opportunities;
  private final FollowUpService followUps;
  private final StageService stages;
  private final OrgService org;
  private final Clock clock;

  public SmallCompanyDemo(Engine engine) {
    this.pool = engine.pool();
    this.clock = engine.clock();
    this.customers = engine.customers();
    this.contacts = engine.contacts();
    this.opportunities = engine.opportunities();
    this.followUps = engine.followUps();
    this.stages = engine.stages();
    this.org = engine.org();
  }

  /**
   * The demo name of customer {@code i} (0 ≤ i < 256): unique two-character stems, so search finds
   * one.
   */
  static String customerName(int i) {
    return FIRST[i / SECOND.length % FIRST.length]
        + SECOND[i % SECOND.length]
        + TRADES[i % TRADES.length];
  }

  /**
   * Fills the company (platform + corp id) unless it has customers; its members (platform user ids,
   * the first a manager) must be synced already. Answers how many customers were made (0 when left
   * alone).
   */
  public Future<Integer> seed(String platform, String corpId, List<String> memberIds) {
    return pool.preparedQuery(
            "SELECT t.tenant_id, EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = t.tenant_id) "
                + "AS filled FROM tenant t WHERE t.platform = $1 AND t.corp_id = $2")
        .execute(Tuple.of(platform, corpId))
        .compose(
            rows -> {
              if (rows.size() == 0 || rows.iterator().next().getBoolean("filled")) {
                return Future.succeededFuture(0);
              }
              long tenantId = rows.iterator().next().getLong("tenant_id");
              long started = System.nanoTime();
              return owners(tenantId, memberIds)
                  .compose(
                      owners ->
                          stages
                              .list(Actor.system(tenantId, "sandbox-demo"))
                              .compose(
                                  stageList ->
                                      fill(tenantId, owners, stageList, corpId.hashCode())))
                  .onSuccess(
                      n ->
                          LOG.info(
                              "Sandbox demo data for {} {}: {} customers in {} ms",
                              platform,
                              corpId,
                              n,
                              (System.nanoTime() - started) / 1_000_000));
            });
  }

  private Future<List<Long>> owners(long tenantId, List<String> memberIds) {
    List<Long> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String member : memberIds) {
      chain =
          chain.compose(
              v ->
                  org.userId(tenantId, member)
                      .map(
                          id -> {
                            ids.add(id);
                            return null;
                          }));
    }
    return chain.map(v -> ids);
  }

  private Future<Integer> fill(long tenantId, List<Long> owners, List<Stage> stageList, long seed) {
    List<Stage> open = stageList.stream().filter(Stage::open).toList();
    Future<Void> chain = Future.succeededFuture();
    for (int start = 0; start < CUSTOMERS; start += PARALLEL) {
      int from = start;
      chain =
          chain.compose(
              v -> {
                List<Future<Void>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(CUSTOMERS, from + PARALLEL); i++) {
                  batch.add(customer(tenantId, owners, open, i, new Random(seed * 31 + i), seed));
                }
                return Future.all(batch).mapEmpty();
              });
    }
    return chain.map(v -> CUSTOMERS);
  }

  /**
   * A customer's level, as a team's list would show it: 成交 where its deal is won, 意向 with an open
   * deal, and otherwise mostly 潜在, some 意向, few 流失 (a lost deal is 流失 for half of them). The draw
   * is from a generator that mixes its seed: java.util.Random's first draw of consecutive seeds is
   * nearly the same, which gave almost every customer one level.
   */
  static CustomerLevel level(int i, long seed) {
    if (i % 5 < 2) {
      return switch (i % 10) {
        case 1 -> CustomerLevel.DEAL;
        case 6 -> i % 20 == 6 ? CustomerLevel.LOST : CustomerLevel.INTENT;
        default -> CustomerLevel.INTENT;
      };
    }
    int x = new SplittableRandom(seed * 31 + i).nextInt(100);
    return x < 65 ? CustomerLevel.POTENTIAL : x < 95 ? CustomerLevel.INTENT : CustomerLevel.LOST;
  }

  private Future<Void> customer(
      long tenantId, List<Long> owners, List<Stage> open, int i, Random r, long seed) {
    // the first customer belongs to the second member (华信科技's 李四), the rest go round
    long owner = i == 0 && owners.size() > 1 ? owners.get(1) : owners.get(i % owners.size());
    Actor actor = Actor.user(tenantId, owner, Source.importJob("sandbox-demo"));
    String name = customerName(i);
    int trade = i % TRADES.length;
    CustomerLevel level = level(i, seed);
    NewCustomer input =
        new NewCustomer(
            name + "有限公司",
            name,
            List.of(),
            INDUSTRIES[trade],
            REGIONS[r.nextInt(REGIONS.length)],
            r.nextBoolean() ? "转介绍" : "展会",
            level,
            List.of(String.format("138%08d", 20_000_000 + i)),
            null,
            List.of(),
            owner);
    Instant now = clock.instant();
    History h = History.draw(now, r);
    return customers
        .create(actor, input)
        .compose(
            c ->
                contacts
                    .add(
                        actor,
                        c.id(),
                        NewContact.named(
                                SURNAMES[r.nextInt(SURNAMES.length)]
                                    + GIVEN[r.nextInt(GIVEN.length)])
                            .withTitle(TITLES[r.nextInt(TITLES.length)])
                            .withPhones(String.format("139%08d", 10_000_000 + i)))
                    .compose(contact -> opportunity(actor, c, open, i, r, h))
                    .compose(
                        opportunityId -> followUps(actor, c, opportunityId, i, r, now, h.created()))
                    .compose(v -> backdate(tenantId, c.id(), h)))
        .mapEmpty();
  }

  /**
   * When a demo customer was made, its deal opened and closed: on past days of the last five weeks,
   * all before the start of today (tenant day), so today's report counts none of them as new, won
   * or moved.
   */
  record History(Instant created, Instant opened, Instant closed) {

    static History draw(Instant now, Random r) {
      Instant today = LocalDate.ofInstant(now, ZONE).atStartOfDay(ZONE).toInstant();
      Instant created =
          today
              .minus(Duration.ofMinutes(60 + r.nextInt(34 * 24 * 60)))
              .truncatedTo(ChronoUnit.MINUTES);
      long span = Duration.between(created, today).toMinutes();
      Instant opened = created.plus(Duration.ofMinutes(r.nextInt((int) Math.max(1, span / 4))));
      long left = Duration.between(opened, today).toMinutes();
      Instant closed = opened.plus(Duration.ofMinutes(1 + r.nextInt((int) Math.max(1, left - 2))));
      return new History(created, opened, closed);
    }
  }

  /**
   * Moves what the services stamped with now() to the customer's drawn history: its and its
   * contact's creation, its deal's creation, closing and stage moves. One statement, so a customer
   * is never half moved.
   */
  private Future<Void> backdate(long tenantId, long customerId, History h) {
    return pool.preparedQuery(BACKDATE)
        .execute(Tuple.of(tenantId, customerId, utc(h.created()), utc(h.opened()), utc(h.closed())))
        .mapEmpty();
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** $1 tenant, $2 customer, $3 made, $4 its deal opened, $5 its deal closed (when it is). */
  private static final String BACKDATE =
      """
      WITH c AS (
        UPDATE customer SET created_at = $3::timestamptz,
               updated_at = greatest($3::timestamptz, last_follow_up_at, CASE WHEN EXISTS (SELECT 1 FROM opportunity o
                 WHERE o.tenant_id = $1 AND o.customer_id = $2 AND o.status <> 'open') THEN $5::timestamptz END)
         WHERE tenant_id = $1 AND id = $2
      ), ct AS (
        UPDATE contact SET created_at = $3::timestamptz, updated_at = $3::timestamptz
         WHERE tenant_id = $1 AND customer_id = $2
      ), o AS (
        UPDATE opportunity SET created_at = $4::timestamptz,
               closed_at = CASE WHEN status <> 'open' THEN $5::timestamptz END,
               updated_at = CASE WHEN status <> 'open' THEN $5::timestamptz ELSE $4::timestamptz END
         WHERE tenant_id = $1 AND customer_id = $2
        RETURNING id
      )
      UPDATE opportunity_stage_move m
         SET moved_at = CASE WHEN m.from_stage_id IS NULL THEN $4::timestamptz ELSE $5::timestamptz END
        FROM o WHERE m.tenant_id = $1 AND m.opportunity_id = o.id
      """;

  /**
   * Two customers in five get an opportunity: open ones spread over the stages, some won or lost.
   */
  private Future<Long> opportunity(
      Actor actor, Customer c, List<Stage> open, int i, Random r, History h) {
    if (i % 5 >= 2 || open.isEmpty()) {
      return Future.succeededFuture(null);
    }
    Stage stage = open.get(r.nextInt(open.size()));
    BigDecimal amount = BigDecimal.valueOf((2 + r.nextInt(199)) * 10_000L);
    // a closed deal was expected about when it closed; an open one in the coming weeks
    LocalDate close =
        i % 5 == 1
            ? LocalDate.ofInstant(h.closed(), ZONE)
            : LocalDate.ofInstant(clock.instant(), ZONE).plusDays(7 + r.nextInt(80));
    NewOpportunity input =
        NewOpportunity.of(c.id(), c.shortName() + DEALS[r.nextInt(DEALS.length)], amount)
            .withExpectedClose(close)
            .withStage(stage.id());
    return opportunities
        .create(actor, input)
        .compose(
            o ->
                switch (i % 10) {
                  case 1 -> opportunities.win(actor, o.id(), o.version()).map(x -> o.id());
                  case 6 -> opportunities.lose(actor, o.id(), o.version(), "预算被砍").map(x -> o.id());
                  default -> Future.succeededFuture(o.id());
                });
  }

  /**
   * One to four follow-ups since the customer was made (the past five weeks) until two hours ago;
   * every fourth customer has a next one coming up.
   */
  private Future<Void> followUps(
      Actor actor, Customer c, Long opportunityId, int i, Random r, Instant now, Instant created) {
    int n = 1 + r.nextInt(4);
    Instant latest = now.minus(Duration.ofHours(2));
    long span = Math.max(1, Duration.between(created, latest).toMinutes());
    Future<Void> chain = Future.succeededFuture();
    for (int k = 0; k < n; k++) {
      Instant when =
          created.plus(Duration.ofMinutes(r.nextInt((int) span))).truncatedTo(ChronoUnit.MINUTES);
      boolean last = k == n - 1;
      NewFollowUp f =
          NewFollowUp.on(c.id(), METHODS[r.nextInt(METHODS.length)], NOTES[r.nextInt(NOTES.length)])
              .at(when);
      if (opportunityId != null) {
        f = f.forOpportunity(opportunityId);
      }
      if (last && i % 4 == 0) {
        f =
            f.next(
                NEXT_STEPS[r.nextInt(NEXT_STEPS.length)],
                now.plus(Duration.ofHours(20 + r.nextInt(24 * 7))).truncatedTo(ChronoUnit.HOURS));
      }
      NewFollowUp input = f;
      chain = chain.compose(v -> followUps.log(actor, input).mapEmpty());
    }
    return chain;
  }
}
