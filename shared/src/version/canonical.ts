import type { PlanData } from '../doc/plan-data';
import { SHEETS } from '../schema';
import type { RowValues } from '../schema/types';

/**
 * The canonical content of a plan (issue 13 item 2): one JSON text, the same for the same content on
 * every machine — sheets in schema order, rows in plan order with their ids, cells with keys sorted,
 * empty cells left out. The adoption's own act (estremi and data di approvazione) is not content: the
 * fingerprint of the adopted plan must not change when the act is written into it.
 */
const NOT_CONTENT: Readonly<Record<string, readonly string[]>> = { ente: ['estremi_approvazione', 'data_approvazione'] };

function cells(sheet: string, values: RowValues): Array<[string, unknown]> {
  const skip = NOT_CONTENT[sheet] ?? [];
  return Object.keys(values)
    .filter((k) => !skip.includes(k) && values[k] !== null && values[k] !== '' && values[k] !== undefined)
    .sort()
    .map((k) => [k, values[k]]);
}

export function canonicalPlan(data: PlanData): string {
  const out: unknown[] = [data.ente, data.triennio];
  for (const sheet of SHEETS) {
    if (sheet.scope !== 'plan') continue;
    const id = sheet.id as keyof PlanData['records'];
    if (sheet.kind === 'record') out.push([sheet.id, cells(sheet.id, data.records[id] ?? {})]);
    else out.push([sheet.id, (data.tables[id] ?? []).map((r) => [r.id, cells(sheet.id, r.values)])]);
  }
  for (const s of data.sectors) {
    const sheets: unknown[] = [];
    for (const sheet of SHEETS) {
      if (sheet.scope !== 'sector') continue;
      const rows = (s.sheets as Record<string, ReadonlyArray<{ id: string; values: RowValues }> | undefined>)[sheet.id] ?? [];
      sheets.push([sheet.id, rows.map((r) => [r.id, cells(sheet.id, r.values)])]);
    }
    out.push([s.id, sheets]);
  }
  return JSON.stringify(out);
}

/** SHA-256 of the canonical content, hex (Web Crypto: the same in Node and in the browser, no I/O). */
export async function planHash(data: PlanData): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalPlan(data)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
