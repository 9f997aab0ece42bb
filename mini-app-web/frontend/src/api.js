// The mini-app API client: one session token per tab, JSON in and out, errors as {code, message}.
const TOKEN = 'crm.session'

export const session = {
  get token() { return sessionStorage.getItem(TOKEN) },
  get user() { return JSON.parse(sessionStorage.getItem(TOKEN + '.user') || 'null') },
  save(s) {
    sessionStorage.setItem(TOKEN, s.token)
    sessionStorage.setItem(TOKEN + '.user', JSON.stringify({ ...s.user, tenant: s.tenant }))
  },
  clear() {
    sessionStorage.removeItem(TOKEN)
    sessionStorage.removeItem(TOKEN + '.user')
  }
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || '请求失败')
    this.status = status
    this.code = body.code
    this.details = body.details || {}
  }
}

let onUnauthorized = () => {}
export function whenUnauthorized(fn) { onUnauthorized = fn }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' }
  if (session.token) headers.Authorization = 'Bearer ' + session.token
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch('/api' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const data = await res.json().catch(() => ({ code: 'internal', message: '服务器没有返回可读的内容' }))
  if (!res.ok) {
    if (res.status === 401) { session.clear(); onUnauthorized() }
    throw new ApiError(res.status, data)
  }
  return data
}

export const get = (path) => api('GET', path)
export const post = (path, body) => api('POST', path, body ?? {})
export const patch = (path, body) => api('PATCH', path, body)
export const del = (path) => api('DELETE', path)

export function qs(params) {
  const p = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
  return p.length ? '?' + p.map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&') : ''
}

export function money(amount) {
  const n = Number(amount || 0)
  if (n >= 10000) return '¥' + String(+(n / 10000).toFixed(n >= 1000000 ? 0 : 1)) + '万'
  return '¥' + n.toLocaleString('zh-CN')
}

/** The company's time zone: times are shown and entered in it, whatever the phone's own zone. */
export function zone() {
  return session.user?.tenant?.timeZone || 'Asia/Shanghai'
}

/** The wall-clock fields of an instant in the company's zone. */
function fields(date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone(), hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric'
  }).formatToParts(date)
  const f = Object.fromEntries(parts.map((p) => [p.type, Number(p.value)]))
  return { y: f.year, mo: f.month, d: f.day, h: f.hour, mi: f.minute }
}

export function when(iso) {
  if (!iso) return ''
  const t = fields(new Date(iso))
  const pad = (x) => String(x).padStart(2, '0')
  return `${t.mo}月${t.d}日 ${pad(t.h)}:${pad(t.mi)}`
}

/** An instant as a datetime-local input value on the company's wall clock (localToIso's inverse). */
export function isoToLocal(iso) {
  if (!iso) return ''
  const t = fields(new Date(iso))
  const pad = (x) => String(x).padStart(2, '0')
  return `${t.y}-${pad(t.mo)}-${pad(t.d)}T${pad(t.h)}:${pad(t.mi)}`
}

/** A datetime-local input value, read as the company's wall clock, to ISO-8601. */
export function localToIso(value) {
  if (!value) return undefined
  const [date, time] = value.split('T')
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const wanted = Date.UTC(y, mo - 1, d, h, mi)
  // the zone's offset at that moment, found by reading the guess back (twice, across a DST change)
  let at = wanted
  for (let i = 0; i < 2; i++) {
    const t = fields(new Date(at))
    at += wanted - Date.UTC(t.y, t.mo - 1, t.d, t.h, t.mi)
  }
  return new Date(at).toISOString()
}

/** Sends a file as the request body (the import's upload); answers like api(). */
export async function upload(path, file) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/octet-stream' }
  if (session.token) headers.Authorization = 'Bearer ' + session.token
  const res = await fetch('/api' + path, { method: 'POST', headers, body: file })
  const data = await res.json().catch(() => ({ code: 'internal', message: res.status === 413 ? '文件太大' : '服务器没有返回可读的内容' }))
  if (!res.ok) {
    if (res.status === 401) { session.clear(); onUnauthorized() }
    throw new ApiError(res.status, data)
  }
  return data
}
