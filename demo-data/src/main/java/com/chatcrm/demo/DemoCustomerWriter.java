package com.chatcrm.demo;

import static com.chatcrm.demo.DemoPlan.DAY;

import java.sql.SQLException;
import java.util.List;
import org.postgresql.copy.CopyManager;

/**
 * COPYs the customers (with the derived search columns and 查重-unique phones), their collaborators
 * and their contacts, as the plan has them.
 */
final class DemoCustomerWriter extends DemoTableWriter {

  private final DemoTenantRules rules;
  private final long customerBase;

  DemoCustomerWriter(
      CopyManager copy, DemoSteps steps, DemoPlan plan, DemoTenantRules rules, long customerBase) {
    super(copy, steps, plan);
    this.rules = rules;
    this.customerBase = customerBase;
  }

  long customers() throws SQLException {
    int n = plan.size.customers();
    long started = System.nanoTime();
    long checkEvery = Math.max(1, n / 200);
    try (DemoCopyWriter w =
        copyInto(
            "customer",
            "tenant_id, id, name, name_norm, name_pinyin, name_initials, name_grams, search_text, short_name,"
                + " industry, region, source, level, phones, phone_norms, phones_text, address, tags, owner_id,"
                + " in_pool, pool_since, last_follow_up_at, created_by, created_at, updated_at")) {
      DemoBytes b = DemoBytes.INSTANCE;
      long[] owned = new long[plan.repUserId.length];
      for (int i = 0; i < n; i++) {
        DemoRandom r = plan.rng(5, i);
        plan.names.decode(i, r.pick(DemoVocabulary.SUFFIX_WEIGHTS), r.nextInt(100) < 35, parts);
        if (i % checkEvery == 0) {
          check(parts);
        }
        DemoVocabulary.City city = DemoVocabulary.CITIES.get(parts.cityIndex);
        w.num(tenantId).num(customerBase + i);
        plan.names.writeName(w, parts);
        plan.names.writeNorm(w, parts);
        plan.names.writePinyin(w, parts);
        plan.names.writeInitials(w, parts);
        plan.names.writeGrams(w, parts);
        plan.names.writeSearchText(w, parts);
        if (parts.shortName == null) {
          w.nul();
        } else {
          w.bytes(parts.shortName.utf8);
        }
        w.bytes(b.industryCategory[parts.industryIndex]);
        w.bytes(plan.names.cities[parts.cityIndex].utf8);
        w.bytes(b.sources[r.nextInt(b.sources.length)]);
        w.bytes(b.levels[plan.level[i]]);
        phones(w, r, i, city);
        w.bytes(plan.names.cities[parts.cityIndex].utf8)
            .more(b.shi)
            .more(b.districts[r.nextInt(b.districts.length)])
            .more(b.roads[r.nextInt(b.roads.length)])
            .moreNum(1 + r.nextInt(999))
            .more(b.hao);
        int tags = r.nextInt(100);
        w.bytes(b.tagSets[tagSet(tags)]);
        if (plan.inPool[i]) {
          w.nul().bool(true).timestamp(plan.poolSince[i]);
        } else {
          w.num(plan.repUserId[plan.ownerRep[i]]).bool(false).nul();
          owned[plan.ownerRep[i]]++;
        }
        w.timestampOrNull(plan.lastFollowUp[i]);
        w.num(plan.repUserId[plan.ownerRep[i]]).timestamp(plan.created[i]);
        long updated = Math.max(plan.created[i], plan.lastFollowUp[i]);
        w.timestamp(plan.inPool[i] ? Math.max(updated, plan.poolSince[i]) : updated);
        w.endRow();
        steps.report("customer", i + 1, n, started);
      }
      long most = java.util.Arrays.stream(owned).max().orElse(0);
      rules.makeRoomFor(most);
      return w.finish();
    }
  }

  private int tagSet(int percent) {
    int acc = 0;
    for (int t = 0; t < DemoVocabulary.TAG_WEIGHTS.length; t++) {
      acc += DemoVocabulary.TAG_WEIGHTS[t];
      if (percent < acc) {
        return t + 1;
      }
    }
    return 0;
  }

  private void check(DemoNames.Parts p) {
    List<Object> expected = DemoNames.reference(p.name(), p.shortNameText());
    List<Object> actual = DemoNames.computed(p);
    if (!expected.equals(actual)) {
      throw new IllegalStateException(
          "derived columns of '"
              + p.name()
              + "' differ from CustomerService's: "
              + actual
              + " vs "
              + expected);
    }
  }

  private final long mobileSpace = DemoVocabulary.MOBILE_PREFIXES.size() * 100_000_000L;
  private final long mobileMultiplier =
      DemoNames.coprime(mobileSpace, DemoNames.golden(mobileSpace));
  private final long landlineSpace = 70_000_000L;
  private final long landlineMultiplier =
      DemoNames.coprime(landlineSpace, DemoNames.golden(landlineSpace));

  /**
   * Unique numbers: customer {@code i}'s mobile and landline come from affine permutations of
   * {@code i}, so no two customers share one (the 查重 on phones). Mobiles start with 1, landlines
   * with 0: the two never meet.
   */
  private void phones(DemoCopyWriter w, DemoRandom r, int i, DemoVocabulary.City city) {
    int kind = r.nextInt(100);
    boolean mobile = kind < 75 || kind >= 90;
    boolean landline = kind >= 75;
    String mobileNorm = null;
    String mobileShown = null;
    String landNorm = null;
    String landShown = null;
    long offsetM = Math.floorMod(plan.seed * 31, mobileSpace);
    if (mobile) {
      long k = (DemoNames.mulMod(i, mobileMultiplier, mobileSpace) + offsetM) % mobileSpace;
      String prefix = DemoVocabulary.MOBILE_PREFIXES.get((int) (k / 100_000_000L));
      String rest = pad8(k % 100_000_000L);
      mobileNorm = prefix + rest;
      int format = r.nextInt(10);
      mobileShown =
          format < 5
              ? mobileNorm
              : prefix
                  + (format < 8 ? " " : "-")
                  + rest.substring(0, 4)
                  + (format < 8 ? " " : "-")
                  + rest.substring(4);
    }
    if (landline) {
      long k =
          (DemoNames.mulMod(i, landlineMultiplier, landlineSpace)
                      + Math.floorMod(plan.seed * 17, landlineSpace))
                  % landlineSpace
              + 20_000_000L;
      landNorm = city.areaCode() + k;
      landShown = city.areaCode() + "-" + k;
    }
    w.array();
    if (mobileShown != null) {
      w.quotedElement(DemoCopyWriter.encode(mobileShown));
    }
    if (landShown != null) {
      w.quotedElement(DemoCopyWriter.encode(landShown));
    }
    w.endArray();
    w.array();
    if (mobileNorm != null) {
      w.element(DemoCopyWriter.encode(mobileNorm));
    }
    if (landNorm != null) {
      w.element(DemoCopyWriter.encode(landNorm));
    }
    w.endArray();
    w.text(
        mobileNorm != null && landNorm != null
            ? mobileNorm + " " + landNorm
            : mobileNorm != null ? mobileNorm : landNorm);
  }

  private String pad8(long n) {
    String s = Long.toString(n);
    return "00000000".substring(s.length()) + s;
  }

  // ------------------------------------------------------------------------------------
  // collaborators, contacts

  long collaborators() throws SQLException {
    int n = plan.size.customers();
    long started = System.nanoTime();
    try (DemoCopyWriter w =
        copyInto("customer_collaborator", "tenant_id, customer_id, user_id, added_by, added_at")) {
      for (int i = 0; i < n; i++) {
        if (plan.inPool[i]) {
          continue;
        }
        DemoRandom r = plan.rng(6, i);
        if (r.nextInt(100) >= 2) {
          continue;
        }
        int region = plan.org.reps.get(plan.ownerRep[i]).region();
        int other = plan.repsByRegion[region][r.nextInt(plan.repsByRegion[region].length)];
        if (other == plan.ownerRep[i]) {
          continue;
        }
        w.num(tenantId)
            .num(customerBase + i)
            .num(plan.repUserId[other])
            .num(plan.repUserId[plan.ownerRep[i]])
            .timestamp(plan.created[i] + r.nextLong(Math.max(1, plan.now - plan.created[i])));
        w.endRow();
        steps.report("customer_collaborator", w.rows(), 0, started);
      }
      return w.finish();
    }
  }

  long contacts(long base) throws SQLException {
    long total = plan.size.contacts();
    long started = System.nanoTime();
    DemoBytes b = DemoBytes.INSTANCE;
    try (DemoCopyWriter w =
        copyInto(
            "contact",
            "tenant_id, id, customer_id, name, title, phones, email, wechat_id, created_by, created_at, updated_at")) {
      long id = base;
      for (int i = 0; i < plan.size.customers(); i++) {
        for (int k = 0; k < plan.contacts[i]; k++) {
          DemoRandom r = plan.rng(7, id);
          w.num(tenantId).num(id).num(customerBase + i);
          w.bytes(b.surnames[r.nextInt(b.surnames.length)])
              .more(b.givenNames[r.nextInt(b.givenNames.length)]);
          w.bytes(b.titles[r.nextInt(b.titles.length)]);
          w.array()
              .element(
                  DemoCopyWriter.encode(
                      DemoVocabulary.MOBILE_PREFIXES.get(
                              r.nextInt(DemoVocabulary.MOBILE_PREFIXES.size()))
                          + pad8(r.nextLong(100_000_000L))))
              .endArray();
          if (r.nextInt(3) == 0) {
            w.field().more(b.contactMail).moreNum(id).more(b.contactMailDomain);
          } else {
            w.nul();
          }
          if (r.nextInt(2) == 0) {
            w.field().more(b.wxid).moreNum(Math.floorMod(id * 7919 + plan.seed, 1_000_000_000L));
          } else {
            w.nul();
          }
          long at = Math.min(plan.now - 60, plan.created[i] + r.nextLong(30 * DAY));
          w.num(plan.repUserId[plan.ownerRep[i]]).timestamp(at).timestamp(at);
          w.endRow();
          id++;
          steps.report("contact", id - base, total, started);
        }
      }
      return w.finish();
    }
  }
}
