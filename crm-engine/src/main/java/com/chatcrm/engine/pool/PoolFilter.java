package com.chatcrm.engine.pool;

import com.chatcrm.engine.customer.CustomerLevel;

/**
 * What to narrow the pool list to; every null field means "any". Search by name is
 * CustomerSearch's.
 */
public record PoolFilter(CustomerLevel level, String industry, String region) {

  public static PoolFilter all() {
    return new PoolFilter(null, null, null);
  }

  public PoolFilter withLevel(CustomerLevel newLevel) {
    return new PoolFilter(newLevel, industry, region);
  }

  public PoolFilter withIndustry(String newIndustry) {
    return new PoolFilter(level, newIndustry, region);
  }

  public PoolFilter withRegion(String newRegion) {
    return new PoolFilter(level, industry, newRegion);
  }
}
