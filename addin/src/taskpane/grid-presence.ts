import { colorFor, type PresenceEntry } from './presence';

/** Awareness is written by any client: only a plain hex colour reaches a style sheet. */
const safeColor = (e: PresenceEntry) => (/^#[0-9a-f]{3,8}$/i.test(e.user.color) ? e.user.color : colorFor(e.user.sub));

/** A CSS string literal: quotes, backslashes and line breaks escaped (CSS Syntax §4.3.5). */
const cssString = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`;

/**
 * The style sheet that marks other users' rows in the browser grid (issue 9 item 7): a bar in the first
 * user's colour and a light tint. Rows are found by the grid's `data-row-id`; ids come from the document
 * (any client), so they are matched as quoted attribute values, never pasted into a selector raw.
 */
export function gridPresenceCss(scope: string, rows: ReadonlyMap<string, readonly PresenceEntry[]>): string {
  const out: string[] = [];
  for (const [rowId, users] of rows) {
    const first = users[0];
    if (!first) continue;
    const color = safeColor(first);
    const sel = `[data-grid-presence=${cssString(scope)}] tr[data-row-id=${cssString(rowId)}]`;
    out.push(`${sel} > td:first-child { box-shadow: inset 4px 0 0 ${color}; }`);
    out.push(`${sel} > td { background-color: ${color}14; }`);
  }
  return out.join('\n');
}
