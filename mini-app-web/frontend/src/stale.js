import { showDialog } from 'vant'

/**
 * A stale edit (someone changed the record after the page read it): says so and, on the one button,
 * reloads what the page shows, so the user edits the current record instead of overwriting it.
 * Answers whether the error was a stale edit.
 */
export async function whenStale(e, reload) {
  if (e.code !== 'stale_version') return false
  await showDialog({
    title: '已被他人修改，请刷新',
    message: '你打开页面之后，别人改过这条记录。刷新后看到最新的内容再改。',
    confirmButtonText: '刷新'
  })
  await reload()
  return true
}

/** Comma- or space-separated text (电话、标签) to a list; Chinese commas too. */
export function list(text) {
  return (text || '').split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean)
}
