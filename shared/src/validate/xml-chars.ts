/**
 * Characters an .xlsx cannot hold. A workbook is XML 1.0, whose `Char` production
 * (https://www.w3.org/TR/xml/#charsets) admits only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]: one U+FFFF in a cell made the whole consolidated workbook unreadable by Excel.
 * With the `u` flag a lone surrogate is one code point in D800–DFFF, outside every admitted range.
 */
const INVALID_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The first character XML cannot hold, as `U+XXXX`, or null. */
export function firstInvalidXmlChar(s: string): string | null {
  const m = INVALID_XML_CHAR.exec(s);
  if (!m) return null;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `s` without the characters XML cannot hold (the same string when there are none). */
export function stripInvalidXmlChars(s: string): string {
  return INVALID_XML_CHAR.test(s) ? s.replace(INVALID_XML_CHARS, '') : s;
}
