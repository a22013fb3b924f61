/*
 * Pinyin initials without a dictionary: the browser's own Chinese collation (ICU's pinyin
 * order, in every current browser and in Node) sorts characters by their reading, so a
 * character's initial is the letter of the last boundary it sorts after. Each boundary is the
 * first character of its letter in that order. Enough for finding a village by typing "zhsq"
 * for 芷荷社区; a character with two readings gets the one the collation sorts it by.
 */
const letters = 'abcdefghjklmnopqrstwxyz'
const boundaries = '吖八嚓咑妸发旮哈讥咔垃呣拏喔妑七呥仨他穵夕丫帀'
// Made at the first search, not when a screen that offers one loads: a collator costs a slow
// phone tens of milliseconds of ICU set-up.
let collator: Intl.Collator | undefined

/** The initial of one character: its pinyin initial, itself for a Latin letter or digit, '' otherwise. */
function initialOf(ch: string): string {
  if (/[A-Za-z0-9]/.test(ch)) return ch.toLowerCase()
  if (!/[\u4e00-\u9fff]/.test(ch)) return ''
  let found = ''
  for (let i = 0; i < boundaries.length; i++) {
    if ((collator ??= new Intl.Collator('zh-Hans-CN-u-co-pinyin')).compare(ch, boundaries[i]) < 0) break
    found = letters[i]
  }
  return found
}

/** The pinyin initials of a name: 芷荷社区 → "zhsq". */
export function pinyinInitials(name: string): string {
  return [...name].map(initialOf).join('')
}

/** Whether a name matches what was typed: part of the name itself, or part of its initials. */
export function matchesName(name: string, typed: string): boolean {
  const query = typed.trim().toLowerCase()
  if (!query) return true
  return name.toLowerCase().includes(query) || pinyinInitials(name).includes(query)
}
