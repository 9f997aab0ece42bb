/**
 * Sales targets (业绩目标): a rep's goal for a month or a quarter per metric (赢单金额, 回款, 新增客户, 跟进), and
 * the progress against it counted the way the 日报 counts.
 */
package com.chatcrm.engine.salestarget;
