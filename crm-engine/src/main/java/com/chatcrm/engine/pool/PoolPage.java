package com.chatcrm.engine.pool;

import java.util.List;

/**
 * One page of the pool list, newest in the pool first; {@code nextCursor} is null on the last page.
 */
public record PoolPage(List<PoolCustomer> items, String nextCursor) {}
