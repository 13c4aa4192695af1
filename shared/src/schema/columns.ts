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

/** Builds a column definition with the defaults of its type. */
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
