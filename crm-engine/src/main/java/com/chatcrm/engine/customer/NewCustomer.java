package com.chatcrm.engine.customer;

import java.util.List;

/**
 * A customer to create. Only the name is required; {@code ownerId} null means the actor owns it.
 */
public record NewCustomer(
    String name,
    String shortName,
    List<String> aliases,
    String industry,
    String region,
    String source,
    CustomerLevel level,
    List<String> phones,
    String address,
    List<String> tags,
    Long ownerId) {

  public static NewCustomer named(String name) {
    return new NewCustomer(
        name, null, List.of(), null, null, null, null, List.of(), null, List.of(), null);
  }

  public NewCustomer withPhones(String... numbers) {
    return new NewCustomer(
        name,
        shortName,
        aliases,
        industry,
        region,
        source,
        level,
        List.of(numbers),
        address,
        tags,
        ownerId);
  }

  public NewCustomer withLevel(CustomerLevel newLevel) {
    return new NewCustomer(
        name, shortName, aliases, industry, region, source, newLevel, phones, address, tags,
        ownerId);
  }

  public NewCustomer withOwner(long owner) {
    return new NewCustomer(
        name, shortName, aliases, industry, region, source, level, phones, address, tags, owner);
  }

  public NewCustomer withShortName(String shortName, String... aliases) {
    return new NewCustomer(
        name,
        shortName,
        List.of(aliases),
        industry,
        region,
        source,
        level,
        phones,
        address,
        tags,
        ownerId);
  }
}
