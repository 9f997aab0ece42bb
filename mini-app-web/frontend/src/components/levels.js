/** The customer levels, in the order a customer usually moves through them. */
export const levels = [
  { name: '潜在', value: 'potential' }, { name: '意向', value: 'intent' }, { name: '成交', value: 'deal' }, { name: '流失', value: 'lost' }
]
