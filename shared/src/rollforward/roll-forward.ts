import type { PlanData } from '../doc/plan-data';
import { PLAN_ROOM, isTriennio, triennioYears } from '../doc/rooms';
import type { RowChange } from '../doc/rows';
import { SHEETS } from '../schema';
import type { PlanSheetId, RowValues, SectorSheetId, SheetDef, SheetId } from '../schema/types';

/**
 * Roll forward: the next triennium's plan built from this one (issue 13 item 4). Everything is carried
 * (sectors, DUP catalogue, processes, risks and measures with their status, objectives, indicators,
 * staffing, texts); indicator targets move one year back per year the window moves (year 2 → year 1,
 * year 3 → year 2, year 3 empty); staffing, leavers and training rows of years before the new window
 * are moved to its first year and flagged, so nothing planned and not done disappears unseen. Each
 * carried row keeps its row id (rooms are per plan, so the id is free) and its origin, and is «da
 * rivedere» until a person reviews it. Pure: plan data in, plan data and changes out.
 */

export interface RollForwardOptions {
  /** A new DUP catalogue (obiettivi strategici) replacing the carried one; objectives citing a code not in it are flagged. */
  dup?: readonly RowValues[];
  /**
   * ANAC conferma (PNA 2022, Parte generale §10.1.2): an administration with fewer than 50 employees may
   * confirm its anticorruption subsection for the two following years, by an act of the governing body,
   * when no corruption facts, significant organisational changes or changes to the strategic objectives
   * occurred. Its rows are then carried as confirmed (not «da rivedere»), and a text in 2.3 cites the act.
   */
  conferma?: { atto: string };
}

export type RollFlagCode = 'DUP_MANCANTE' | 'ANNO_SPOSTATO' | 'TARGET_DA_DEFINIRE';

export interface RollFlag {
  /** Sector id, or `_piano`. */
  room: string;
  sheet: SheetId;
  row: string;
  code: RollFlagCode;
  message: string;
}

export interface CarriedRow {
  id: string;
  values: RowValues;
  /** `<triennio>/<row id>` of the row it came from. */
  origin: string;
  review: boolean;
}

export interface NextPlan {
  ente: string;
  from: string;
  triennio: string;
  records: Partial<Record<PlanSheetId, RowValues>>;
  tables: Partial<Record<PlanSheetId, CarriedRow[]>>;
  sectors: Array<{ id: string; name: string; sheets: Partial<Record<SectorSheetId, CarriedRow[]>> }>;
  flags: RollFlag[];
}

export class RollForwardError extends Error {}

const ANTICORRUZIONE: ReadonlySet<SheetId> = new Set<SheetId>(['processi', 'rischi', 'misure']);
/**
 * Sheets whose rows plan something for a year: rows of years before the new window move to its first year
 * (flagged, to delete if already done). Not `monitoraggio`: its rows record what happened in their year,
 * and moving them would falsify the actual values.
 */
const YEAR_SHEETS: ReadonlySet<SheetId> = new Set<SheetId>(['fabbisogni', 'cessazioni', 'formazione', 'azioni_positive']);
/** Approval of the old plan does not carry: the new one is a draft until adopted. */
const ENTE_NOT_CARRIED = ['triennio', 'estremi_approvazione', 'data_approvazione', 'data_bilancio'];
const TARGETS = ['target_anno1', 'target_anno2', 'target_anno3'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** A short name of a row for flags and the register: its code, title or name. */
export function rowLabel(values: RowValues): string {
  for (const k of ['codice', 'titolo', 'nome', 'profilo', 'attivita', 'denominazione', 'area', 'id']) {
    const v = values[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return '';
}

function copyValues(sheet: SheetDef, values: RowValues): RowValues {
  const out: RowValues = {};
  for (const c of sheet.columns) if (!c.computed && values[c.id] !== undefined) out[c.id] = values[c.id]!;
  return out;
}

export function rollForward(data: PlanData, triennio: string, opts: RollForwardOptions = {}): NextPlan {
  const oldYears = triennioYears(data.triennio);
  const newYears = triennioYears(triennio);
  if (!isTriennio(triennio) || !newYears) throw new RollForwardError(`Triennio non valido: "${triennio}" (formato AAAA-AAAA, es. 2023-2025)`);
  if (!oldYears) throw new RollForwardError(`Il piano di origine ha un triennio non valido: "${data.triennio}"`);
  const shift = newYears[0] - oldYears[0];
  if (shift < 1) throw new RollForwardError(`Il nuovo triennio ${triennio} deve iniziare dopo il ${oldYears[0]}, primo anno del piano ${data.triennio}`);
  const ente = data.records.ente ?? {};
  if (opts.conferma) {
    const dip = ente.dipendenti_31_12;
    if (!str(opts.conferma.atto)) throw new RollForwardError("Per la conferma della sottosezione anticorruzione indicare l'atto che la dispone");
    if (typeof dip !== 'number' || dip >= 50) {
      throw new RollForwardError(
        `La conferma della sottosezione anticorruzione è ammessa solo con meno di 50 dipendenti (PNA 2022): il piano ne indica ${typeof dip === 'number' ? dip : 'un numero non compilato'}`,
      );
    }
  }

  const flags: RollFlag[] = [];
  const origin = (id: string) => `${data.triennio}/${id}`;
  const firstYear = newYears[0];

  const carry = (room: string, sheet: SheetDef, rows: ReadonlyArray<{ id: string; values: RowValues }>): CarriedRow[] =>
    rows.map((r) => {
      const values = copyValues(sheet, r.values);
      const confirmed = opts.conferma !== undefined && ANTICORRUZIONE.has(sheet.id);
      if (sheet.id === 'indicatori') shiftTargets(values, shift, room, r.id, flags);
      if (YEAR_SHEETS.has(sheet.id) && typeof values.anno === 'number' && values.anno < firstYear) {
        flags.push({
          room,
          sheet: sheet.id,
          row: r.id,
          code: 'ANNO_SPOSTATO',
          message: `${sheet.label}: «${rowLabel(values)}» era previsto per il ${values.anno}, fuori dal triennio ${triennio}: spostato al ${firstYear}, eliminarlo se già realizzato`,
        });
        values.anno = firstYear;
      }
      return { id: r.id, values, origin: origin(r.id), review: !confirmed };
    });

  const records: NextPlan['records'] = {};
  const tables: NextPlan['tables'] = {};
  for (const sheet of SHEETS) {
    if (sheet.scope !== 'plan' || sheet.id === ('riporti' as SheetId)) continue;
    const id = sheet.id as PlanSheetId;
    if (sheet.kind === 'record') {
      const values = copyValues(sheet, data.records[id] ?? {});
      if (id === 'ente') {
        for (const k of ENTE_NOT_CARRIED) delete values[k];
        values.triennio = triennio;
      }
      records[id] = values;
    } else tables[id] = carry(PLAN_ROOM, sheet, data.tables[id] ?? []);
  }
  if (opts.dup) {
    const sheet = SHEETS.find((s) => s.id === 'obiettivi_strategici')!;
    tables.obiettivi_strategici = opts.dup.map((values, i) => ({ id: `dup-${i + 1}`, values: copyValues(sheet, values), origin: '', review: false }));
  }
  if (opts.conferma) {
    const testi = (tables.testi ??= []);
    testi.push({
      id: 'conferma-2-3',
      values: {
        sezione: '2.3',
        titolo: 'Conferma della sottosezione Rischi corruttivi e trasparenza',
        testo: `Ai sensi del PNA 2022 (Parte generale, § 10.1.2), l'amministrazione, con meno di 50 dipendenti, conferma per il triennio ${triennio} la sottosezione Rischi corruttivi e trasparenza del piano ${data.triennio} con ${opts.conferma.atto.trim()}, non essendo intervenuti fatti corruttivi, modifiche organizzative rilevanti o modifiche degli obiettivi strategici.`,
      },
      origin: '',
      review: false,
    });
  }

  const dupCodes = new Set((tables.obiettivi_strategici ?? []).map((r) => str(r.values.codice)).filter(Boolean));
  const sectors = data.sectors.map((s) => {
    const sheets: NextPlan['sectors'][number]['sheets'] = {};
    for (const sheet of SHEETS) {
      if (sheet.scope !== 'sector') continue;
      const id = sheet.id as SectorSheetId;
      sheets[id] = carry(s.id, sheet, s.sheets[id] ?? []);
    }
    for (const o of sheets.obiettivi ?? []) {
      const code = str(o.values.obiettivo_strategico);
      if (code && !dupCodes.has(code)) {
        flags.push({
          room: s.id,
          sheet: 'obiettivi',
          row: o.id,
          code: 'DUP_MANCANTE',
          message: `Obiettivo «${rowLabel(o.values)}»: l'obiettivo strategico ${code} non esiste più nel DUP del piano ${triennio}: collegarlo a un obiettivo strategico esistente`,
        });
      }
    }
    return { id: s.id, name: s.name, sheets };
  });
  return { ente: data.ente, from: data.triennio, triennio, records, tables, sectors, flags };
}

/** Targets move back one year per year of shift; the years left at the end are empty, to be set. */
function shiftTargets(values: RowValues, shift: number, room: string, row: string, flags: RollFlag[]): void {
  const old = TARGETS.map((k) => values[k] ?? null);
  TARGETS.forEach((k, i) => {
    const from = i + shift;
    values[k] = from < TARGETS.length ? old[from]! : null;
  });
  flags.push({
    room,
    sheet: 'indicatori',
    row,
    code: 'TARGET_DA_DEFINIRE',
    message: `Indicatore «${rowLabel(values)}»: target spostati di ${shift === 1 ? 'un anno' : `${shift} anni`}; definire il target ${shift === 1 ? "dell'anno 3" : 'degli ultimi anni'}`,
  });
}

/** The register of carried rows (`riporti` sheet): one row per carried row, with the flags it got. */
export function registerRows(next: NextPlan): RowValues[] {
  const notes = new Map<string, string[]>();
  for (const f of next.flags) {
    const k = `${f.room}|${f.sheet}|${f.row}`;
    notes.set(k, [...(notes.get(k) ?? []), f.message]);
  }
  const out: RowValues[] = [];
  const add = (room: string, sheet: SheetId, rows: readonly CarriedRow[] | undefined) => {
    for (const r of rows ?? []) {
      if (!r.origin) continue;
      const title = SHEETS.find((s) => s.id === sheet)?.title ?? sheet;
      out.push({
        settore: room,
        foglio: title,
        riga: r.id,
        descrizione: rowLabel(r.values) || null,
        origine: r.origin,
        da_rivedere: r.review,
        segnalazione: notes.get(`${room}|${sheet}|${r.id}`)?.join('\n') ?? null,
      });
    }
  };
  for (const [sheet, rows] of Object.entries(next.tables)) add(PLAN_ROOM, sheet as SheetId, rows);
  for (const s of next.sectors) for (const [sheet, rows] of Object.entries(s.sheets)) add(s.id, sheet as SheetId, rows);
  return out;
}

/** The writes that create the new plan: the plan room (records, tables, register) and each sector room. */
export function nextPlanChanges(next: NextPlan): { plan: RowChange[]; sectors: Map<string, RowChange[]> } {
  const plan: RowChange[] = [];
  for (const [sheet, values] of Object.entries(next.records)) plan.push({ kind: 'record', sheet: sheet as SheetId, values });
  for (const [sheet, rows] of Object.entries(next.tables)) for (const r of rows ?? []) plan.push({ kind: 'add', sheet: sheet as SheetId, id: r.id, values: r.values });
  for (const values of registerRows(next)) plan.push({ kind: 'add', sheet: 'riporti' as SheetId, values });
  const sectors = new Map<string, RowChange[]>();
  for (const s of next.sectors) {
    const changes: RowChange[] = [];
    for (const [sheet, rows] of Object.entries(s.sheets)) for (const r of rows ?? []) changes.push({ kind: 'add', sheet: sheet as SheetId, id: r.id, values: r.values });
    sectors.set(s.id, changes);
  }
  return { plan, sectors };
}
