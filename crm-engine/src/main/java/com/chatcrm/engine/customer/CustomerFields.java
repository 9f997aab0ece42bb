package com.chatcrm.engine.customer;

import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The validated, normalised column values of a customer. */
record CustomerFields(
    String name,
    String nameNorm,
    String pinyin,
    String initials,
    List<String> grams,
    String searchText,
    String shortName,
    List<String> aliases,
    String industry,
    String region,
    String source,
    CustomerLevel level,
    List<String> phones,
    List<String> phoneNorms,
    String address,
    List<String> tags) {

  static final int MAX_NAME = 200;
  static final int MAX_PHONES = 10;

  static CustomerFields of(
      String name,
      String shortName,
      List<String> aliases,
      String industry,
      String region,
      String source,
      CustomerLevel level,
      List<String> phones,
      String address,
      List<String> tags) {
    String n = ControlCharacters.refuseInLine("name", name) == null ? "" : name.strip();
    ControlCharacters.refuseInLine("shortName", shortName);
    ControlCharacters.refuseAllInLine("aliases", aliases);
    ControlCharacters.refuseInLine("industry", industry);
    ControlCharacters.refuseInLine("region", region);
    ControlCharacters.refuseInLine("source", source);
    ControlCharacters.refuseAllInLine("phones", phones);
    ControlCharacters.refuseInLine("address", address);
    ControlCharacters.refuseAllInLine("tags", tags);
    if (n.isEmpty()) {
      throw InvalidInput.field("name", "客户名称不能为空");
    }
    if (n.length() > MAX_NAME) {
      throw InvalidInput.field("name", "客户名称不能超过 " + MAX_NAME + " 个字");
    }
    List<String> al = clean(aliases);
    List<String> ph = clean(phones);
    if (ph.size() > MAX_PHONES) {
      throw InvalidInput.field("phones", "at most " + MAX_PHONES + " phone numbers");
    }
    List<String> norms = new ArrayList<>();
    for (String p : ph) {
      String d = CompanyNames.normalizePhone(p);
      if (d.length() < 5 || d.length() > 20) {
        throw InvalidInput.field("phones", "'" + p + "' 不是有效的电话号码");
      }
      if (!norms.contains(d)) {
        norms.add(d);
      }
    }
    String sn = blankToNull(shortName);
    List<String> texts = new ArrayList<>();
    texts.add(n);
    if (sn != null) {
      texts.add(sn);
    }
    texts.addAll(al);
    return new CustomerFields(
        n,
        CompanyNames.normalize(n),
        CompanyNames.pinyin(n),
        CompanyNames.initials(n),
        List.copyOf(CompanyNames.grams(texts)),
        String.join(" ", texts),
        sn,
        al,
        blankToNull(industry),
        blankToNull(region),
        blankToNull(source),
        Objects.requireNonNull(level),
        ph,
        List.copyOf(norms),
        blankToNull(address),
        clean(tags));
  }

  /** A customer to create, its level 潜在 unless given. */
  static CustomerFields of(NewCustomer c) {
    return of(
        c.name(),
        c.shortName(),
        c.aliases(),
        c.industry(),
        c.region(),
        c.source(),
        c.level() == null ? CustomerLevel.POTENTIAL : c.level(),
        c.phones(),
        c.address(),
        c.tags());
  }

  static CustomerFields of(Customer c) {
    return of(
        c.name(),
        c.shortName(),
        c.aliases(),
        c.industry(),
        c.region(),
        c.source(),
        c.level(),
        c.phones(),
        c.address(),
        c.tags());
  }

  CustomerFields apply(CustomerChanges ch) {
    return of(
        ch.name() != null ? ch.name() : name,
        ch.shortName() != null ? ch.shortName() : shortName,
        ch.aliases() != null ? ch.aliases() : aliases,
        ch.industry() != null ? ch.industry() : industry,
        ch.region() != null ? ch.region() : region,
        ch.source() != null ? ch.source() : source,
        ch.level() != null ? ch.level() : level,
        ch.phones() != null ? ch.phones() : phones,
        ch.address() != null ? ch.address() : address,
        ch.tags() != null ? ch.tags() : tags);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("shortName", shortName)
        .put("aliases", new JsonArray(aliases))
        .put("industry", industry)
        .put("region", region)
        .put("source", source)
        .put("level", level.code())
        .put("phones", new JsonArray(phones))
        .put("address", address)
        .put("tags", new JsonArray(tags));
  }

  Tuple insertTuple(long tenantId, long owner, long createdBy) {
    return Tuple.from(
        new Object[] {
          tenantId,
          name,
          nameNorm,
          pinyin,
          initials,
          grams.toArray(String[]::new),
          searchText,
          shortName,
          aliases.toArray(String[]::new),
          industry,
          region,
          source,
          level.code(),
          phones.toArray(String[]::new),
          phoneNorms.toArray(String[]::new),
          String.join(" ", phoneNorms),
          address,
          tags.toArray(String[]::new),
          owner,
          createdBy
        });
  }

  Tuple updateTuple(long tenantId, long id) {
    return Tuple.from(
        new Object[] {
          tenantId,
          id,
          name,
          nameNorm,
          pinyin,
          initials,
          grams.toArray(String[]::new),
          searchText,
          shortName,
          aliases.toArray(String[]::new),
          industry,
          region,
          source,
          level.code(),
          phones.toArray(String[]::new),
          phoneNorms.toArray(String[]::new),
          String.join(" ", phoneNorms),
          address,
          tags.toArray(String[]::new)
        });
  }

  private static List<String> clean(List<String> values) {
    if (values == null) {
      return List.of();
    }
    return values.stream()
        .filter(Objects::nonNull)
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
