/**
 * Row types derived from the sheet definitions, so that a misspelt column id, a computed column or a
 * value of the wrong type in code that builds rows is a compile error rather than a validation issue.
 */
import type { obiettivi, indicatori } from './performance-sheets';
import type { processi, rischi, misure } from './anticorruzione-sheets';
import type { fabbisogni, cessazioni, lavoroAgile, formazione } from './personale-sheets';
import type { ente, settori, obiettiviStrategici, dotazione, capacitaAssunzionale, impostazioni } from './plan-sheets';
import type { ColumnDef, ColumnType } from './types';

/** The stored value of a cell of type `T`; dates are ISO `YYYY-MM-DD` strings, enums their label. */
export type CellOf<T extends ColumnType> = T extends 'int' | 'decimal' | 'money' | 'percent' | 'year'
  ? number
  : T extends 'bool'
    ? boolean
    : string;

/** Computed columns are derived on read and never stored, so they are not part of a row. */
type StoredColumn<C> = C extends { readonly computed: (...args: never[]) => unknown } ? never : C;

/**
 * The values a row of sheet `S` may hold: every stored column is optional (an empty cell is absent or
 * `null`). Over a plain `SheetDef` this widens to a record keyed by any string.
 */
export type RowOf<S extends { readonly columns: readonly ColumnDef[] }> = {
  -readonly [C in StoredColumn<S['columns'][number]> as C['id']]?: CellOf<C['type']> | null;
};

export type ObiettivoRow = RowOf<typeof obiettivi>;
export type IndicatoreRow = RowOf<typeof indicatori>;
export type ProcessoRow = RowOf<typeof processi>;
export type RischioRow = RowOf<typeof rischi>;
export type MisuraRow = RowOf<typeof misure>;
export type FabbisognoRow = RowOf<typeof fabbisogni>;
export type CessazioneRow = RowOf<typeof cessazioni>;
export type LavoroAgileRow = RowOf<typeof lavoroAgile>;
export type FormazioneRow = RowOf<typeof formazione>;
export type EnteRecord = RowOf<typeof ente>;
export type SettoreRow = RowOf<typeof settori>;
export type ObiettivoStrategicoRow = RowOf<typeof obiettiviStrategici>;
export type DotazioneRow = RowOf<typeof dotazione>;
export type CapacitaRecord = RowOf<typeof capacitaAssunzionale>;
export type ImpostazioniRecord = RowOf<typeof impostazioni>;

/** The row type of each sheet of a sector room. */
export type SectorRows = {
  obiettivi: ObiettivoRow;
  indicatori: IndicatoreRow;
  processi: ProcessoRow;
  rischi: RischioRow;
  misure: MisuraRow;
  fabbisogni: FabbisognoRow;
  cessazioni: CessazioneRow;
  lavoro_agile: LavoroAgileRow;
  formazione: FormazioneRow;
};

