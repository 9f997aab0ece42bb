// 免登 inside the chat apps. A link into the mini-app carries its company: /m/?corpId=ww...#/customers/42
//  - WeCom (企业微信): OAuth snsapi_base redirect; WeCom comes back with ?code=...&state=<corpId> (platforms.md §2.7)
//  - DingTalk (钉钉): dd.runtime.permission.requestAuthCode({corpId}) gives a code in the page (§3.10)
// Anywhere else the login page offers the sandbox login (which the server has only in sandbox mode).

export function platform() {
  const ua = navigator.userAgent.toLowerCase()
  if (ua.includes('wxwork')) return 'wecom'
  if (ua.includes('dingtalk')) return 'dingtalk'
  return 'browser'
}

export function corpIdFromUrl() {
  const params = new URLSearchParams(location.search)
  return params.get('corpId') || params.get('corpid') || params.get('state')
}

/** WeCom: leaves the page for the OAuth screen; it returns to this URL with a code. */
export function wecomAuthorize(corpId) {
  const back = location.origin + location.pathname + '?corpId=' + encodeURIComponent(corpId) + location.hash
  location.href = 'https://open.weixin.qq.com/connect/oauth2/authorize?appid=' + encodeURIComponent(corpId) +
    '&redirect_uri=' + encodeURIComponent(back) + '&response_type=code&scope=snsapi_base&state=' +
    encodeURIComponent(corpId) + '#wechat_redirect'
}

/** DingTalk: a one-time code from the client itself. */
export async function dingtalkCode(corpId) {
  const { default: requestAuthCode } = await import('dingtalk-jsapi/api/runtime/permission/requestAuthCode')
  const result = await requestAuthCode({ corpId })
  return result.code
}

// ------------------------------------------------------------------------- 拜访签到: where the phone is
// Each platform through its own JS-SDK, signed by our server (GET /api/jssdk/config, platforms.md §2.8):
//  - WeCom: ww.register (wx.config, the corp's jsapi_ticket) then ww.getLocation({type: 'wgs84'}) →
//    {latitude, longitude, accuracy}; getLocation needs no agentConfig.
//  - DingTalk: dd.config({agentId, corpId, timeStamp, nonceStr, signature, jsApiList}) then
//    device.geolocation.get({targetAccuracy: 200, coordinate: 1, withReGeocode: true, useCache: false}) →
//    {latitude, longitude, accuracy, address} (高德 coordinates, with a formatted address).
//  - A plain browser: navigator.geolocation. Where that is missing or refused, the page offers the sandbox's
//    stand-in position (sandbox mode only), as the login page offers the sandbox login.

/** A position: {latitude, longitude, accuracy (metres or null), address (or null)}. */
export async function currentPosition(signedConfig) {
  const p = platform()
  if (p === 'wecom') return wecomPosition(await signedConfig())
  if (p === 'dingtalk') return dingtalkPosition(await signedConfig())
  return browserPosition()
}

async function wecomPosition(cfg) {
  const ww = await import('@wecom/jssdk')
  ww.register({
    corpId: cfg.corpId,
    agentId: cfg.agentId || undefined,
    jsApiList: ['getLocation'],
    getConfigSignature: () => ({ timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: cfg.signature })
  })
  const r = await ww.getLocation({ type: 'wgs84' })
  return { latitude: Number(r.latitude), longitude: Number(r.longitude), accuracy: numberOrNull(r.accuracy), address: null }
}

async function dingtalkPosition(cfg) {
  const { default: dd } = await import('dingtalk-jsapi/core')
  dd.config({
    agentId: cfg.agentId, corpId: cfg.corpId, timeStamp: cfg.timestamp, nonceStr: cfg.nonceStr,
    signature: cfg.signature, jsApiList: ['device.geolocation.get']
  })
  const { default: locate } = await import('dingtalk-jsapi/api/device/geolocation/get')
  const r = await locate({ targetAccuracy: 200, coordinate: 1, withReGeocode: true, useCache: false })
  return {
    latitude: Number(r.latitude), longitude: Number(r.longitude), accuracy: numberOrNull(r.accuracy),
    address: r.address || null
  }
}

function browserPosition() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error('这个浏览器不能获取位置'))
      return
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({
        latitude: pos.coords.latitude, longitude: pos.coords.longitude,
        accuracy: numberOrNull(pos.coords.accuracy), address: null
      }),
      (err) => reject(new Error(err.code === 1 ? '没有获取位置的权限，请允许后再试' : '暂时无法获取位置，请稍后再试')),
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 })
  })
}

function numberOrNull(x) {
  const n = Number(x)
  return x === undefined || x === null || x === '' || Number.isNaN(n) ? null : n
}

/** 北纬 31.2304，东经 121.4737: a position in words, as the server writes one without a place. */
export function positionText(p) {
  const lat = `${p.latitude >= 0 ? '北纬' : '南纬'} ${Math.abs(p.latitude).toFixed(4)}`
  const lng = `${p.longitude >= 0 ? '东经' : '西经'} ${Math.abs(p.longitude).toFixed(4)}`
  return `${lat}，${lng}`
}
