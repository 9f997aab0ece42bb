// Contracts and collections on the mini-app: days in the company's zone, plans split in fen, and an
// instalment's state as the contract page shows it.
import { zone } from './api.js'

/** Today (yyyy-MM-dd) in the company's time zone. */
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

/** A day plus n months (the 31st of a short month becomes its last day, as the server's plans do). */
export function plusMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1 + n, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  first.setUTCDate(Math.min(d, last))
  return first.toISOString().slice(0, 10)
}

/** n equal parts of amount in fen, monthly from the first due day; the last takes what is left. */
export function equalPlan(amount, n, firstDue) {
  const fen = Math.round(Number(amount || 0) * 100)
  if (!n || n < 1 || fen <= 0 || !firstDue) return []
  const part = Math.floor(fen / n)
  return Array.from({ length: n }, (_, i) => ({
    dueOn: plusMonths(firstDue, i),
    amount: ((i < n - 1 ? part : fen - part * (n - 1)) / 100).toFixed(2)
  }))
}

/** The sum of a plan's amounts, exact to the fen. */
export function planSum(rows) {
  return rows.reduce((s, r) => s + Math.round(Number(r.amount || 0) * 100), 0) / 100
}

/** 已回款 / 逾期 (red) / 部分回款 / 未到期, from the instalment and today. */
export function instalmentState(i, day) {
  if (i.paid) return { text: '已回款', type: 'success' }
  if (i.dueOn < day) return { text: Number(i.received) > 0 ? '逾期 · 部分回款' : '逾期', type: 'danger' }
  if (Number(i.received) > 0) return { text: '部分回款', type: 'warning' }
  return { text: '未到期', type: 'default' }
}

/** How much of the contract is received, 0–100. */
export function percentReceived(k) {
  const amount = Number(k.amount)
  return amount > 0 ? Math.min(100, Math.round((Number(k.received) / amount) * 100)) : 0
}
