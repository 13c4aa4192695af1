import type { ColumnDef, ColumnType } from './types';

type Options = Partial<Omit<ColumnDef, 'id' | 'label' | 'labelEn' | 'type'>>;

const DEFAULT_WIDTH: Record<ColumnType, number> = {
  text: 24,
  longtext: 48,
  int: 10,
  decimal: 12,
  money: 16,
  percent: 10,
  date: 12,
  year: 8,
  enum: 22,
  ref: 14,
  bool: 8,
  email: 32,
  url: 32,
};

/** Excel number formats per type; percentages are stored as 0–100, not as fractions. */
export const NUM_FMT: Partial<Record<ColumnType, string>> = {
  int: '#,##0',
  decimal: '#,##0.00',
  money: '#,##0.00 "€"',
  percent: '0.##"%"',
  date: 'dd/mm/yyyy',
  year: '0',
};

type Computed = NonNullable<ColumnDef['computed']>;

/**
 * What the type system keeps of one column: its literal id and type, so that row types (row-types.ts)
 * are derived from the sheet definitions. A computed column also says so in its type, since computed
 * values are never stored and have no place in a row.
 */
export type TypedColumn<T extends ColumnType, I extends string> = ColumnDef & { readonly id: I; readonly type: T };
export type ComputedColumn<T extends ColumnType, I extends string> = TypedColumn<T, I> & { readonly computed: Computed };

/** Builds a column definition with the defaults of its type. */
export function column<const T extends ColumnType, const I extends string>(
  type: T,
  id: I,
  label: string,
  labelEn: string,
  opts: Options & { computed: Computed },
): ComputedColumn<T, I>;
export function column<const T extends ColumnType, const I extends string>(
  type: T,
  id: I,
  label: string,
  labelEn: string,
  opts?: Options & { computed?: undefined },
): TypedColumn<T, I>;
export function column(type: ColumnType, id: string, label: string, labelEn: string, opts: Options = {}): ColumnDef {
  const def: ColumnDef = {
    id,
    label,
    labelEn,
    type,
    required: false,
    width: DEFAULT_WIDTH[type],
    ...(NUM_FMT[type] ? { numFmt: NUM_FMT[type] } : {}),
    ...(type === 'percent' ? { min: 0, max: 100 } : {}),
    ...opts,
  };
  return def;
}

/** The Sì/No values used for `bool` cells in workbooks and forms. */
export const BOOL_LABELS = { true: 'Sì', false: 'No' } as const;
