/**
 * Declarative schema types. Every sheet and column of the PIAO is described once, here; TypeScript
 * row types, validation, Excel data validation, number formats, widths and UI labels are all derived
 * from these definitions (see docs/piao-domain.md in shared/).
 */

/** A cell as stored in the Yjs document: primitives only; dates are ISO `YYYY-MM-DD` strings. */
export type CellValue = string | number | boolean | null;

export type ColumnType =
  | 'text'
  | 'longtext'
  | 'int'
  | 'decimal'
  | 'money'
  | 'percent'
  | 'date'
  | 'year'
  | 'enum'
  | 'ref'
  | 'bool'
  | 'email'
  | 'url';

/** Settings of a plan that change which rules and requirements apply. */
export interface PlanSettings {
  /** `OBJ_WEIGHT_SUM`: weights sum to 100 per sector, per responsabile, or not checked. */
  weightRule: 'settore' | 'responsabile' | 'off';
  /** ANAC PNA 2019 qualitative risk assessment, or the PNA 2013 numeric one (P × I). */
  riskMode: 'qualitativa' | 'numerica';
}

export const DEFAULT_SETTINGS: PlanSettings = { weightRule: 'settore', riskMode: 'qualitativa' };

/** Values a row holds, keyed by column id. */
export type RowValues = Record<string, CellValue>;

export interface ColumnDef {
  readonly id: string;
  /** Italian label: the header in Excel and in the task pane. */
  readonly label: string;
  /** English fallback label. */
  readonly labelEn: string;
  readonly type: ColumnType;
  /** Required: always, never, or depending on the row and the plan's settings. */
  readonly required: boolean | ((row: RowValues, settings: PlanSettings) => boolean);
  /**
   * Required to approve the plan, but not to store a row or import a file: validation reports an empty
   * cell as CELL_REQUIRED (an error), the importer accepts it so that a half-filled file is never refused.
   * Used for requirements of the norms added after the first schema (docs/domain.md).
   */
  readonly requiredToApprove?: boolean | ((row: RowValues) => boolean);
  /** Closed list for `enum` columns (also the Excel dropdown). */
  readonly values?: readonly string[];
  /** Inclusive numeric range (for numbers) checked by validation and by Excel data validation. */
  readonly min?: number;
  readonly max?: number;
  /** Text pattern and the Italian hint shown when it does not match. */
  readonly pattern?: RegExp;
  readonly patternHint?: string;
  /** Target of a `ref` column. */
  readonly ref?: { readonly sheet: SheetId; readonly column: string };
  /** Unique within the sheet of one room, or across the whole plan. */
  readonly unique?: 'sheet' | 'plan';
  /** Computed columns are never stored: they are derived from the row (and shown read-only). */
  readonly computed?: (row: RowValues) => CellValue;
  /** Excel column width in characters. */
  readonly width: number;
  /** Excel number format. */
  readonly numFmt?: string;
  /** Short Italian help shown in the form and as the Excel input message. */
  readonly help?: string;
}

export type SheetScope = 'plan' | 'sector';
export type SheetKind = 'table' | 'record';

export type PlanSheetId =
  | 'ente'
  | 'settori'
  | 'obiettivi_strategici'
  | 'dotazione'
  | 'capacita_assunzionale'
  | 'impostazioni'
  | 'valore_pubblico'
  | 'semplificazione'
  | 'accessibilita'
  | 'azioni_positive'
  | 'trasparenza'
  | 'monitoraggio'
  | 'documenti'
  | 'testi'
  | 'riporti';
export type SectorSheetId =
  | 'obiettivi'
  | 'indicatori'
  | 'processi'
  | 'rischi'
  | 'misure'
  | 'fabbisogni'
  | 'cessazioni'
  | 'lavoro_agile'
  | 'formazione';
export type SheetId = PlanSheetId | SectorSheetId;

export interface SheetDef {
  readonly id: SheetId;
  /** Worksheet name in the consolidated workbook, e.g. `2.2 Obiettivi`. */
  readonly title: string;
  /** Italian name of the subsection, e.g. `Obiettivi di performance`. */
  readonly label: string;
  readonly labelEn: string;
  /** PIAO section of the Piano tipo (D.M. 132/2022). */
  readonly section: '1' | '2.1' | '2.2' | '2.3' | '3.1' | '3.2' | '3.3' | '3.4' | '4' | '5' | '-';
  /** `plan` sheets live in the `_piano` room (coordinator writes); `sector` sheets in each sector room. */
  readonly scope: SheetScope;
  /** `record` sheets are one Y.Map of column → value; `table` sheets are rows keyed by id. */
  readonly kind: SheetKind;
  /** Not required under the simplified regime (50 employees or fewer, D.P.R. 81/2022). */
  readonly simplifiedOptional?: boolean;
  /** False for internal sheets (plan settings) that have no worksheet of their own. */
  readonly exported: boolean;
  readonly columns: readonly ColumnDef[];
}
