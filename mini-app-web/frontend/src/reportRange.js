// The 报表 page's ranges: days as yyyy-MM-dd on the company's calendar (its time zone, not the phone's).
import { zone } from './api.js'

/** Today on the company's calendar. */
export function today() {
  // en-CA formats as yyyy-MM-dd
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
}

function parse(day) {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d))
}

function format(date) {
  return date.toISOString().slice(0, 10)
}

/** {from, to} of a preset (本周 week, 本月 month, 本季 quarter), from its first day to today, both counted. */
export function presetRange(preset, day = today()) {
  const t = parse(day)
  let from
  if (preset === 'week') {
    from = new Date(t)
    from.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7)) // back to Monday
  } else if (preset === 'quarter') {
    from = new Date(Date.UTC(t.getUTCFullYear(), Math.floor(t.getUTCMonth() / 3) * 3, 1))
  } else {
    from = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1))
  }
  return { from: format(from), to: day }
}

export const PRESETS = [
  { name: 'week', title: '本周' },
  { name: 'month', title: '本月' },
  { name: 'quarter', title: '本季' },
  { name: 'custom', title: '自定义' }
]
