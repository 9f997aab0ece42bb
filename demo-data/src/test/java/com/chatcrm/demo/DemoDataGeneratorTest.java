package com.chatcrm.demo;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.CompanyNames;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerHit;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.report.DailyReport;
import com.chatcrm.engine.report.DailyReportService;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoDataGeneratorTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-16T04:00:00Z"), ZoneOffset.UTC);
  static final DemoSize SIZE = DemoSize.tiny();
  static final long SEED = 42;

  static final List<String> progressLines = new CopyOnWriteArrayList<>();
  static DemoDataGenerator generator;
  static DemoResult result;
  static List<String> schemaBefore;

  @BeforeAll
  static void generate() {
    schemaBefore = schema();
    generator =
        new DemoDataGenerator(
            db.pool(), db.location(), CLOCK, DemoProgress.lines(progressLines::add), 100);
    result = generator.generate("dingtalk", "demo-test", SIZE, SEED);
  }

  static Actor admin() {
    return Actor.user(result.tenantId(), result.adminId(), Source.api("test"));
  }

  @Test
  @DisplayName(
      "the requested counts, a department tree, managers on every department, and progress reports")
  void counts() {
    long t = result.tenantId();
    assertThat(count("SELECT count(*) FROM customer WHERE tenant_id = $1", t))
        .isEqualTo(SIZE.customers());
    assertThat(count("SELECT count(*) FROM opportunity WHERE tenant_id = $1", t))
        .isEqualTo(SIZE.opportunities());
    assertThat(count("SELECT count(*) FROM follow_up WHERE tenant_id = $1", t))
        .isEqualTo(SIZE.followUps());
    assertThat(count("SELECT count(*) FROM reminder WHERE tenant_id = $1", t))
        .isEqualTo(SIZE.reminders());
    assertThat(count("SELECT count(*) FROM contact WHERE tenant_id = $1", t))
        .isEqualTo(SIZE.contacts());
    assertThat(count("SELECT count(*) FROM opportunity_stage_move WHERE tenant_id = $1", t))
        .isEqualTo(result.rows("opportunity_stage_move"))
        .isGreaterThan(SIZE.opportunities());
    assertThat(count("SELECT count(*) FROM crm_user WHERE tenant_id = $1 AND role = 'rep'", t))
        .isEqualTo(SIZE.reps() + result.managerIds().size());
    assertThat(result.repIds()).hasSize(SIZE.reps());
    assertThat(count("SELECT count(*) FROM department WHERE tenant_id = $1", t)).isEqualTo(21);
    assertThat(
            count(
                "SELECT count(*) FROM department d WHERE tenant_id = $1 AND NOT EXISTS"
                    + " (SELECT 1 FROM department_manager m WHERE m.tenant_id = d.tenant_id AND m.department_id = d.id)",
                t))
        .isZero();
    assertThat(count("SELECT count(*) FROM customer WHERE tenant_id = $1 AND in_pool", t))
        .isBetween(SIZE.customers() / 5L, SIZE.customers() * 3L / 5);
    assertThat(result.rebuiltIndexes()).isTrue();
    assertThat(progressLines).anyMatch(l -> l.startsWith("customer") && l.contains("rows/s"));
  }

  @Test
  @DisplayName("every customer's derived search columns are exactly what CustomerService computes")
  void derivedColumnsMatchTheEngine() {
    RowSet<Row> rows =
        query(
            "SELECT name, short_name, name_norm, name_pinyin, name_initials, name_grams, search_text,"
                + " phones, phone_norms, phones_text FROM customer WHERE tenant_id = $1",
            result.tenantId());
    assertThat(rows.size()).isEqualTo(SIZE.customers());
    for (Row r : rows) {
      String name = r.getString("name");
      List<Object> expected = DemoNames.reference(name, r.getString("short_name"));
      List<Object> actual =
          List.of(
              r.getString("name_norm"),
              r.getString("name_pinyin"),
              r.getString("name_initials"),
              List.of(r.getArrayOfStrings("name_grams")),
              r.getString("search_text"));
      assertThat(actual).as(name).isEqualTo(expected);
      List<String> norms =
          Arrays.stream(r.getArrayOfStrings("phones")).map(CompanyNames::normalizePhone).toList();
      assertThat(List.of(r.getArrayOfStrings("phone_norms")))
          .as(name)
          .isEqualTo(norms)
          .isNotEmpty();
      assertThat(r.getString("phones_text")).isEqualTo(String.join(" ", norms));
    }
  }

  @Test
  @DisplayName(
      "查重 holds: no shared normalised name or phone, and the engine refuses a re-entered name")
  void noDuplicates() {
    long t = result.tenantId();
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT name_norm FROM customer WHERE tenant_id = $1"
                    + " GROUP BY name_norm HAVING count(*) > 1) d",
                t))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT p FROM customer, unnest(phone_norms) p WHERE tenant_id = $1"
                    + " GROUP BY p HAVING count(*) > 1) d",
                t))
        .isZero();
    String norm =
        query("SELECT name_norm FROM customer WHERE tenant_id = $1 ORDER BY id LIMIT 1", t)
            .iterator()
            .next()
            .getString(0);
    assertThatThrownBy(
            () ->
                await(
                    new CustomerService(db.pool())
                        .create(
                            admin(),
                            NewCustomer.named(norm + "集团").withOwner(result.repIds().get(0)))))
        .isInstanceOf(Duplicate.class);
  }

  @Test
  @DisplayName(
      "generated customers are found by a two-character piece, by initials and by a phone suffix")
  void searchFindsGeneratedCustomers() {
    CustomerSearch search = new CustomerSearch(db.pool());
    RowSet<Row> picks =
        query(
            "SELECT id, name, short_name, name_initials, phone_norms FROM customer"
                + " WHERE tenant_id = $1 ORDER BY id LIMIT 5",
            result.tenantId());
    for (Row p : picks) {
      long id = p.getLong("id");
      String name = p.getString("name");
      String twoChars = name.substring(2, 4);
      assertThat(ids(await(search.search(admin(), twoChars, CustomerSearch.Scope.VISIBLE, 100))))
          .as("%s by %s", name, twoChars)
          .contains(id);
      String initials = p.getString("name_initials").substring(0, 5);
      assertThat(ids(await(search.search(admin(), initials, CustomerSearch.Scope.VISIBLE, 100))))
          .as("%s by %s", name, initials)
          .contains(id);
      String phone = p.getArrayOfStrings("phone_norms")[0];
      String suffix = phone.substring(phone.length() - 6);
      assertThat(ids(await(search.search(admin(), suffix, CustomerSearch.Scope.VISIBLE, 100))))
          .as("%s by %s", name, suffix)
          .contains(id);
      assertThat(await(search.search(admin(), name, CustomerSearch.Scope.VISIBLE, 10)))
          .first()
          .satisfies(h -> assertThat(h.customer().id()).isEqualTo(id));
    }
  }

  @Test
  @DisplayName(
      "last_follow_up_at is the latest follow-up of every customer, null when there is none")
  void lastFollowUpIsConsistent() {
    assertThat(
            count(
                """
        SELECT count(*) FROM customer c
         WHERE c.tenant_id = $1
           AND c.last_follow_up_at IS DISTINCT FROM (SELECT max(f.happened_at) FROM follow_up f
                                                     WHERE f.tenant_id = c.tenant_id AND f.customer_id = c.id)
        """,
                result.tenantId()))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM follow_up WHERE tenant_id = $1 AND happened_at > $2",
                result.tenantId(),
                CLOCK.instant().atOffset(ZoneOffset.UTC)))
        .isZero();
  }

  @Test
  @DisplayName(
      "the data obeys the rules: no private customer past its reclaim deadline, a reminder per next follow-up")
  void dataObeysTheRules() {
    long t = result.tenantId();
    assertThat(
            count(
                """
        SELECT count(*) FROM customer c JOIN pool_rule r ON r.tenant_id = c.tenant_id
         WHERE c.tenant_id = $1 AND NOT c.in_pool
           AND greatest(c.last_follow_up_at, c.created_at) + make_interval(days => CASE c.level
                 WHEN 'potential' THEN r.reclaim_days_potential WHEN 'intent' THEN r.reclaim_days_intent
                 WHEN 'deal' THEN r.reclaim_days_deal ELSE r.reclaim_days_lost END) < $2
        """,
                t,
                CLOCK.instant().atOffset(ZoneOffset.UTC)))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM follow_up WHERE tenant_id = $1 AND next_follow_up_at IS NOT NULL",
                t))
        .isEqualTo(SIZE.reminders());
    assertThat(
            count(
                "SELECT count(*) FROM reminder r JOIN follow_up f ON f.tenant_id = r.tenant_id"
                    + " AND f.id = r.follow_up_id WHERE r.tenant_id = $1 AND r.due_at = f.next_follow_up_at"
                    + " AND r.owner_id = f.author_id AND r.customer_id = f.customer_id",
                t))
        .isEqualTo(SIZE.reminders());
    assertThat(
            count(
                "SELECT count(*) FROM opportunity WHERE tenant_id = $1 AND (status = 'open') <> (closed_at IS NULL)",
                t))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM opportunity o JOIN opportunity_stage s ON s.tenant_id = o.tenant_id"
                    + " AND s.id = o.stage_id WHERE o.tenant_id = $1 AND s.kind <> o.status",
                t))
        .isZero();
  }

  @Test
  @DisplayName(
      "identity sequences continue after the generated ids: the engine's next customer gets a fresh id")
  void sequencesContinue() {
    for (String table : DemoDataGenerator.BULK_TABLES) {
      if (table.equals("customer_collaborator")) {
        continue;
      }
      Row r =
          query(
                  "SELECT (SELECT coalesce(max(id), 0) FROM "
                      + table
                      + "),"
                      + " (SELECT last_value FROM pg_sequences WHERE schemaname || '.' || sequencename"
                      + " = pg_get_serial_sequence('"
                      + table
                      + "', 'id'))")
              .iterator()
              .next();
      assertThat(r.getLong(1)).as(table).isEqualTo(r.getLong(0));
    }
    long max = count("SELECT max(id) FROM customer");
    Customer c =
        await(
            new CustomerService(db.pool())
                .create(
                    admin(), NewCustomer.named("生成之后新建的客户有限公司").withOwner(result.repIds().get(0))));
    assertThat(c.id()).isEqualTo(max + 1);
    // leave the generated tenant as generated for the other tests (no row refers to a new customer)
    query("DELETE FROM customer WHERE tenant_id = $1 AND id = $2", result.tenantId(), c.id());
  }

  @Test
  @DisplayName("indexes and foreign keys dropped for the load are back, exactly as defined")
  void schemaIsRestored() {
    assertThat(schema()).isEqualTo(schemaBefore).isNotEmpty();
  }

  @Test
  @DisplayName("the daily report over generated data agrees with plain counts")
  void dailyReportOnGeneratedData() {
    LocalDate yesterday = LocalDate.of(2025, 6, 15);
    DailyReport r = await(new DailyReportService(db.pool(), CLOCK).forManager(admin(), yesterday));
    long t = result.tenantId();
    var from = yesterday.atStartOfDay(DemoDataGenerator.ZONE).toOffsetDateTime();
    var to = from.plusDays(1);
    assertThat((long) r.totals().followUps().total())
        .isEqualTo(
            count(
                "SELECT count(*) FROM follow_up WHERE tenant_id = $1 AND happened_at >= $2 AND happened_at < $3",
                t,
                from,
                to));
    assertThat((long) r.totals().newCustomers())
        .isEqualTo(
            count(
                "SELECT count(*) FROM customer WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3",
                t,
                from,
                to));
    assertThat(r.reps()).hasSize(SIZE.reps() + result.managerIds().size());

    DailyReport director =
        await(
            new DailyReportService(db.pool(), CLOCK)
                .forManager(
                    Actor.user(t, result.managerIds().get(0), Source.api("test")), yesterday));
    assertThat(director.scope()).isEqualTo(DailyReport.Scope.TEAM);
    assertThat(director.totals()).isEqualTo(r.totals());
  }

  @Test
  @DisplayName(
      "a second tenant in a filled database keeps the indexes, and the same seed gives the same names")
  void secondTenantIsDeterministic() {
    DemoSize small = new DemoSize(3, 200, 40, 500, 20, 50);
    DemoResult second = generator.generate("wecom", "demo-test-2", small, SEED);
    assertThat(second.rebuiltIndexes()).isFalse();
    assertThat(count("SELECT count(*) FROM customer WHERE tenant_id = $1", second.tenantId()))
        .isEqualTo(200);
    List<String> first = names(result.tenantId(), 200);
    assertThat(names(second.tenantId(), 200)).isEqualTo(first);
    assertThat(schema()).isEqualTo(schemaBefore);
  }

  @Test
  void aFilledTenantIsRefused() {
    assertThatThrownBy(() -> generator.generate("dingtalk", "demo-test", DemoSize.tiny(), SEED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has customers already");
  }

  @Test
  @DisplayName("the generator refuses to block an event loop")
  void refusesTheEventLoop() {
    Promise<Throwable> outcome = Promise.promise();
    db.vertx()
        .runOnContext(
            v -> {
              try {
                generator.generate("dingtalk", "never", DemoSize.tiny(), 1);
                outcome.complete(null);
              } catch (RuntimeException e) {
                outcome.complete(e);
              }
            });
    assertThat(await(outcome.future()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event loop");
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  private static List<String> names(long tenant, int n) {
    List<String> out = new ArrayList<>();
    query("SELECT name FROM customer WHERE tenant_id = $1 ORDER BY id LIMIT " + n, tenant)
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private static List<Long> ids(List<CustomerHit> hits) {
    return hits.stream().map(h -> h.customer().id()).toList();
  }

  /** The secondary indexes and foreign keys of the bulk tables, as definitions. */
  private static List<String> schema() {
    List<String> out = new ArrayList<>();
    query(
            """
        SELECT indexdef FROM pg_indexes WHERE tablename = ANY($1)
        UNION ALL
        SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
         WHERE conrelid::regclass::text = ANY($1)
        ORDER BY 1
        """,
            (Object) DemoDataGenerator.BULK_TABLES)
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private static RowSet<Row> query(String sql, Object... args) {
    return await(db.pool().preparedQuery(sql).execute(Tuple.from(args)));
  }

  private static long count(String sql, Object... args) {
    return query(sql, args).iterator().next().getLong(0);
  }
}
