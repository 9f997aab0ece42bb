package com.chatcrm.engine.imports;

import io.vertx.core.json.JsonObject;

/**
 * One line of an uploaded file, as read: the cells of the columns the import knows, untouched (a
 * blank cell is null). {@code rowNo} is the line's number in the file (the header is line 1).
 */
public record ImportRow(
    int rowNo,
    String name,
    String shortName,
    String level,
    String industry,
    String region,
    String source,
    String phones,
    String address,
    String tags,
    String contactName,
    String contactPhone,
    String contactTitle,
    String owner) {

  public ImportRow {
    name = blankToNull(name);
    shortName = blankToNull(shortName);
    level = blankToNull(level);
    industry = blankToNull(industry);
    region = blankToNull(region);
    source = blankToNull(source);
    phones = blankToNull(phones);
    address = blankToNull(address);
    tags = blankToNull(tags);
    contactName = blankToNull(contactName);
    contactPhone = blankToNull(contactPhone);
    contactTitle = blankToNull(contactTitle);
    owner = blankToNull(owner);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("shortName", shortName)
        .put("level", level)
        .put("industry", industry)
        .put("region", region)
        .put("source", source)
        .put("phones", phones)
        .put("address", address)
        .put("tags", tags)
        .put("contactName", contactName)
        .put("contactPhone", contactPhone)
        .put("contactTitle", contactTitle)
        .put("owner", owner);
  }

  static ImportRow of(int rowNo, JsonObject j) {
    return new ImportRow(
        rowNo,
        j.getString("name"),
        j.getString("shortName"),
        j.getString("level"),
        j.getString("industry"),
        j.getString("region"),
        j.getString("source"),
        j.getString("phones"),
        j.getString("address"),
        j.getString("tags"),
        j.getString("contactName"),
        j.getString("contactPhone"),
        j.getString("contactTitle"),
        j.getString("owner"));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
