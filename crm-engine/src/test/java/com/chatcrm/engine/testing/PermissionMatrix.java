package com.chatcrm.engine.testing;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The cells of a permission matrix over {@link OrgFixture}: rep / manager / admin × own /
 * subordinate's / other department's / other company's records × the operations of a test, with
 * whether the 上下级 rules allow each.
 */
public final class PermissionMatrix {

  public enum Role {
    REP,
    MANAGER,
    ADMIN
  }

  public enum Whose {
    OWN,
    SUBORDINATE,
    OTHER_DEPARTMENT,
    OTHER_TENANT
  }

  private PermissionMatrix() {}

  /** Every role × whose × op, as arguments (role, whose, op, allowed). */
  public static <O extends Enum<O>> Stream<Arguments> cells(O[] ops) {
    List<Arguments> cells = new ArrayList<>();
    for (Role role : Role.values()) {
      for (Whose whose : Whose.values()) {
        for (O op : ops) {
          cells.add(arguments(role, whose, op, allowed(role, whose)));
        }
      }
    }
    return cells.stream();
  }

  public static boolean allowed(Role role, Whose whose) {
    return switch (whose) {
      case OWN -> true;
      case SUBORDINATE -> role != Role.REP;
      case OTHER_DEPARTMENT -> role == Role.ADMIN;
      case OTHER_TENANT -> false;
    };
  }

  public static long actorOf(OrgFixture org, Role role) {
    return switch (role) {
      case REP -> org.rep1;
      case MANAGER -> org.manager1;
      case ADMIN -> org.admin;
    };
  }

  /**
   * A rep has no subordinates: their cell is a colleague in the same department tree (韩梅梅, whom 张经理
   * manages and 李雷 does not). For the admin, any rep's.
   */
  public static long ownerOf(OrgFixture org, Role role, Whose whose) {
    return switch (whose) {
      case OWN -> actorOf(org, role);
      case SUBORDINATE -> role == Role.ADMIN ? org.rep1 : org.rep2;
      case OTHER_DEPARTMENT -> org.rep3;
      case OTHER_TENANT -> org.outsider;
    };
  }
}
