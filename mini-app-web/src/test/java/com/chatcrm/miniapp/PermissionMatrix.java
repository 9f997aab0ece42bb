package com.chatcrm.miniapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The permission matrix the editing tests walk (issue #22's bar): a rep (李雷), a manager (张经理) and
 * the admin (王总) of {@code OrgFixture}, each on records that are their own, a subordinate's and
 * someone else's. A test says, per role, what each of the three cells expects ({@link #walk}); a
 * cell left out fails the test, so every operation is checked in all of them.
 */
final class PermissionMatrix {

  /** Who acts, by their fixture login. */
  enum Role {
    REP("lilei"),
    MANAGER("zhang"),
    ADMIN("wang");

    final String login;

    Role(String login) {
      this.login = login;
    }
  }

  /** Whose record it is, seen from the role. */
  enum Whose {
    OWN,
    SUBORDINATES,
    OTHERS
  }

  /** One check of an operation: as {@code token}, on a record of {@code owner}. */
  interface Check {
    void run(String token, long owner);

    /** This check, then {@code next}, in the same cell. */
    default Check then(Check next) {
      return (token, owner) -> {
        run(token, owner);
        next.run(token, owner);
      };
    }
  }

  private final ApiHarness api;
  private final Map<Role, String> tokens = new EnumMap<>(Role.class);

  PermissionMatrix(ApiHarness api) {
    this.api = api;
    for (Role r : Role.values()) {
      tokens.put(r, api.login(r.login));
    }
  }

  String token(Role role) {
    return tokens.get(role);
  }

  /**
   * The fixture users whose records are {@code whose} to {@code role}. A rep has no subordinates;
   * their colleagues, in their team (韩梅梅) or another (赵六), are others. The manager's are 李雷 and 韩梅梅
   * (华东组, under 销售一部); 赵六 of 销售二部 is another team's. Everyone answers to the admin: 李雷 stands for a
   * subordinate, 赵六 (another manager's team) for someone else.
   */
  List<Long> owners(Role role, Whose whose) {
    var o = api.org;
    return switch (role) {
      case REP ->
          switch (whose) {
            case OWN -> List.of(o.rep1);
            case SUBORDINATES -> List.of();
            case OTHERS -> List.of(o.rep2, o.rep3);
          };
      case MANAGER ->
          switch (whose) {
            case OWN -> List.of(o.manager1);
            case SUBORDINATES -> List.of(o.rep1, o.rep2);
            case OTHERS -> List.of(o.rep3);
          };
      case ADMIN ->
          switch (whose) {
            case OWN -> List.of(o.admin);
            case SUBORDINATES -> List.of(o.rep1);
            case OTHERS -> List.of(o.rep3);
          };
    };
  }

  /**
   * Runs each cell's check as {@code role} on a record of every owner of that cell; {@code
   * subordinates} is null for a rep, who has none, and required otherwise.
   */
  void walk(Role role, Check own, Check subordinates, Check others) {
    cell(role, Whose.OWN, own);
    cell(role, Whose.SUBORDINATES, subordinates);
    cell(role, Whose.OTHERS, others);
  }

  private void cell(Role role, Whose whose, Check check) {
    List<Long> owners = owners(role, whose);
    if (owners.isEmpty()) {
      assertThat(check).as(role + " × " + whose + " has no records to check").isNull();
      return;
    }
    assertThat(check).as(role + " × " + whose + " must be checked").isNotNull();
    for (long owner : owners) {
      check.run(token(role), owner);
    }
  }
}
