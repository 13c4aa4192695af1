import type { PlanData } from '../doc/plan-data';
import { fmtEuro, fmtNum } from '../validate/format';
import { planSummary, type SummaryLine } from '../workbook/summary';
import type { DocTable } from './model';

/**
 * The Riepilogo of the document: per sector, what the plan holds and what the staffing plan costs per
 * year; the same figures as the workbook's `Riepilogo` sheet (workbook/summary.ts), without the
 * validation counts, which describe the draft and not the adopted plan.
 */
export function riepilogoTable(data: PlanData): DocTable {
  const s = planSummary(data, []);
  const line = (name: string, l: SummaryLine): string[] => [
    name,
    fmtNum(l.counts.obiettivi, 0),
    fmtNum(l.counts.indicatori, 0),
    fmtNum(l.counts.processi, 0),
    fmtNum(l.counts.rischi, 0),
    fmtNum(l.counts.misure, 0),
    fmtNum(l.counts.fabbisogni, 0),
    ...l.costByYear.map(fmtEuro),
    fmtNum(l.counts.formazione, 0),
  ];
  const n = (label: string) => ({ label, weight: 10, align: 'right' as const });
  return {
    caption: 'Riepilogo per settore',
    columns: [
      { label: 'Settore', weight: 30, align: 'left' },
      n('Obiettivi'),
      n('Indicatori'),
      n('Processi'),
      n('Rischi'),
      n('Misure'),
      n('Fabbisogni'),
      ...s.years.map((y) => ({ label: `Costo fabbisogni ${y}`, weight: 14, align: 'right' as const })),
      n('Corsi'),
    ],
    rows: [...s.sectors.map((x) => line(x.name, x)), line('Totale', s.total)],
    landscape: true,
    totalRow: true,
  };
}
