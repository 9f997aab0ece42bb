import { showToast } from 'vant'
import { post } from './api.js'

// 导出: asks for a signed link (valid a day) to the .xlsx of what the page shows and lets the webview
// download it; the download itself needs no session
export async function exportXlsx(kind, body) {
  try {
    const link = await post('/exports/' + kind, body)
    showToast(link.from ? '正在下载 ' + link.from + ' 至 ' + link.to : '正在下载')
    window.location.href = link.url
  } catch (e) {
    showToast(e.message)
  }
}

// the last year up to today, in the browser's calendar (the server checks the range)
export function lastYear() {
  const day = (d) => d.toLocaleDateString('sv-SE')
  const to = new Date()
  const from = new Date(to)
  from.setDate(from.getDate() - 364)
  return { from: day(from), to: day(to) }
}
