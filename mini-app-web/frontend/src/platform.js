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
