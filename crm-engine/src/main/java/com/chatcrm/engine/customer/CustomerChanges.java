package com.chatcrm.engine.customer;

import java.util.List;

/** The fields an edit sets; a null field is left as it is. Owner changes go through transfer. */
public record CustomerChanges(
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

  public static CustomerChanges none() {
    return new CustomerChanges(null, null, null, null, null, null, null, null, null, null);
  }

  public CustomerChanges name(String v) {
    return new CustomerChanges(
        v, shortName, aliases, industry, region, source, level, phones, address, tags);
  }

  public CustomerChanges level(CustomerLevel v) {
    return new CustomerChanges(
        name, shortName, aliases, industry, region, source, v, phones, address, tags);
  }

  public CustomerChanges phones(List<String> v) {
    return new CustomerChanges(
        name, shortName, aliases, industry, region, source, level, v, address, tags);
  }

  public CustomerChanges address(String v) {
    return new CustomerChanges(
        name, shortName, aliases, industry, region, source, level, phones, v, tags);
  }

  public CustomerChanges tags(List<String> v) {
    return new CustomerChanges(
        name, shortName, aliases, industry, region, source, level, phones, address, v);
  }

  public CustomerChanges industry(String v) {
    return new CustomerChanges(
        name, shortName, aliases, v, region, source, level, phones, address, tags);
  }
}
