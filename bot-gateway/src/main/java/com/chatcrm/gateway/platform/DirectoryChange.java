package com.chatcrm.gateway.platform;

import java.util.List;

/**
 * What changed in a company's directory, as far as the platform's event says: a platform that only
 * says "something changed" asks for everything.
 */
public record DirectoryChange(
    boolean all,
    List<String> usersChanged,
    List<String> usersLeft,
    List<String> departmentsChanged,
    List<String> departmentsRemoved) {

  public static DirectoryChange everything() {
    return new DirectoryChange(true, List.of(), List.of(), List.of(), List.of());
  }

  public static DirectoryChange usersChanged(List<String> ids) {
    return new DirectoryChange(false, ids, List.of(), List.of(), List.of());
  }

  public static DirectoryChange usersLeft(List<String> ids) {
    return new DirectoryChange(false, List.of(), ids, List.of(), List.of());
  }

  public static DirectoryChange departmentsChanged(List<String> ids) {
    return new DirectoryChange(false, List.of(), List.of(), ids, List.of());
  }

  public static DirectoryChange departmentsRemoved(List<String> ids) {
    return new DirectoryChange(false, List.of(), List.of(), List.of(), ids);
  }
}
