import type { ColumnDef, SheetId } from '@piao/shared/schema/index';

/**
 * Computed columns as Excel formulas (issue 8, defect 7). Excel recalculates a formula when the user
 * edits one of its inputs, so no write of ours follows a user edit and Ctrl+Z undoes only what the user
 * did. Each formula says in Excel what the schema's `computed` function says in JS (see the schema files
 * named below); office-formulas.test.ts evaluates both on random rows and compares them.
 *
 * Formulas are written in R1C1 notation (`Range.formulasR1C1`, ExcelApi 1.2) with references relative to
 * the row (`RC[-3]`): the same text serves every row, and Excel keeps the references right when the user
 * moves columns. Inputs are found by column id in the table's current order. Percent cells hold fractions
 * (office-values.ts): `percentuale_pt` 50 % is 0.5 in the cell, and `rapporto` is written as a fraction.
 */

/** A same-row reference to an input column, or null when the table lacks it. */
export type Ref = (column: string) => string | null;

type Builder = (ref: (column: string) => string) => string;

const FORMULAS: Readonly<Record<string, Builder>> = {
  // anticorruzione-sheets.ts, rischi.livello: probabilità × impatto when both are numbers.
  'rischi.livello': (r) => `=IF(AND(ISNUMBER(${r('probabilita')}),ISNUMBER(${r('impatto')})),${r('probabilita')}*${r('impatto')},"")`,
  // personale-sheets.ts, costoTotale: posti × costo unitario × FTE (part-time share, or 1), to the cent.
  'fabbisogni.costo_totale': (r) =>
    `=IF(AND(ISNUMBER(${r('posti')}),ISNUMBER(${r('costo_unitario')})),` +
    `ROUND(${r('posti')}*${r('costo_unitario')}*IF(AND(${r('regime')}="Part-time",ISNUMBER(${r('percentuale_pt')})),${r('percentuale_pt')},1),2),"")`,
  // plan-sheets.ts, dotazione.totale: uomini + donne, blanks as 0.
  'dotazione.totale': (r) => `=N(${r('uomini')})+N(${r('donne')})`,
  // plan-sheets.ts, rapportoSpesaEntrate: spesa / (entrate − FCDE), in percent to 2 decimals (a fraction to 4).
  'capacita_assunzionale.rapporto': (r) => {
    const base = `(N(${r('entrate_correnti_media')})-N(${r('fcde')}))`;
    return `=IF(${base}<=0,"",ROUND(N(${r('spesa_personale')})/${base},4))`;
  },
  // plan-sheets.ts, spazioAssunzionale: soglia × (entrate − FCDE) − spesa, to the cent, never below 0.
  'capacita_assunzionale.spazio_assunzionale': (r) => {
    const base = `(N(${r('entrate_correnti_media')})-N(${r('fcde')}))`;
    return `=IF(OR(${base}<=0,NOT(ISNUMBER(${r('soglia')}))),"",MAX(0,ROUND(${r('soglia')}*${base}-N(${r('spesa_personale')}),2)))`;
  },
};

/** Whether a computed column has an Excel formula (every computed column of the schema has one). */
export function hasFormula(sheet: SheetId, col: ColumnDef): boolean {
  return !!col.computed && `${sheet}.${col.id}` in FORMULAS;
}

/**
 * The R1C1 formula of a computed column placed at `at` among `columns` (column ids in table order), or
 * null when it has none or an input column is missing from the table.
 */
export function computedFormula(sheet: SheetId, col: ColumnDef, columns: readonly string[], at: number): string | null {
  const build = col.computed ? FORMULAS[`${sheet}.${col.id}`] : undefined;
  if (!build) return null;
  let missing = false;
  const formula = build((input) => {
    const i = columns.indexOf(input);
    if (i < 0) {
      missing = true;
      return 'RC';
    }
    return i === at ? 'RC' : `RC[${i - at}]`;
  });
  return missing ? null : formula;
}

/** The formulas of a table's computed columns, by column index. */
export function formulaColumns(sheet: SheetId, defs: readonly ColumnDef[], columns: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  columns.forEach((id, i) => {
    const col = defs.find((c) => c.id === id);
    const f = col && computedFormula(sheet, col, columns, i);
    if (f) out.set(i, f);
  });
  return out;
}
