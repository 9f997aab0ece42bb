/** The customer levels, in the order a customer usually moves through them. */
export const levels = [
  { name: '潜在', value: 'potential' }, { name: '意向', value: 'intent' }, { name: '成交', value: 'deal' }, { name: '流失', value: 'lost' }
]

/** How a follow-up happened, as the 写跟进 form always offered it (engine FollowUpMethod codes). */
export const followUpMethods = [
  { text: '电话', value: 'call' }, { text: '拜访', value: 'visit' }, { text: '微信', value: 'wechat' },
  { text: '会议', value: 'meeting' }, { text: '其他', value: 'other' }
]
