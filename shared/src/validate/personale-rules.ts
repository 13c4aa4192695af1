import { inSector, isEmpty, num, rowRef, sectorRows, type Ctx } from './context';
import { fmtNum, listIt } from './format';
import { rowName } from './row-names';

/** Rules of section 3 that look at one row of a sector: FAB_YEAR, FAB_PT, AGILE_ACCORDI. */
export function checkPersonaleRows(ctx: Ctx): void {
  for (const sector of ctx.sectors) {
    sectorRows(sector, 'fabbisogni').forEach((row, i) => {
      const v = row.values;
      const name = rowName('fabbisogni', v, i);
      const at = (column: string) => inSector(sector, 'fabbisogni', rowRef(row, i), column);
      const anno = num(v.anno);
      if (ctx.years && anno !== null && !ctx.years.includes(anno)) {
        ctx.sink.add(
          at('anno'),
          'FAB_YEAR',
          'error',
          `${name}: l'anno ${anno} è fuori dal triennio ${ctx.years[0]}-${ctx.years[2]}: scegliere ${listIt(ctx.years.map(String), 'o')}`,
        );
      }
      const pt = v.percentuale_pt;
      if (v.regime === 'Part-time') {
        if (isEmpty(pt)) {
          ctx.sink.add(at('percentuale_pt'), 'FAB_PT', 'error', `${name}: per un posto part-time la «% part-time» è obbligatoria: inserire un valore tra 1 e 99`);
        } else if (typeof pt === 'number' && (pt < 1 || pt > 99)) {
          ctx.sink.add(
            at('percentuale_pt'),
            'FAB_PT',
            'error',
            `${name}: la «% part-time» vale ${fmtNum(pt, 4)}, ma un part-time va dall'1 al 99%: correggerla (100% è un tempo pieno)`,
          );
        }
      } else if (v.regime === 'Tempo pieno' && !isEmpty(pt)) {
        ctx.sink.add(at('percentuale_pt'), 'FAB_PT', 'error', `${name}: la «% part-time» va lasciata vuota per un posto a tempo pieno: cancellarla o scegliere il regime Part-time`);
      }
    });
    sectorRows(sector, 'lavoro_agile').forEach((row, i) => {
      const accordi = num(row.values.accordi);
      if (row.values.smartabile === 'No' && accordi !== null && accordi > 0) {
        // An activity that cannot be done remotely admits no remote-work agreement (L. 81/2017 art. 18).
        ctx.sink.add(
          inSector(sector, 'lavoro_agile', rowRef(row, i), 'accordi'),
          'AGILE_ACCORDI',
          'error',
          `${rowName('lavoro_agile', row.values, i)}: l'attività non è lavorabile da remoto ma ha ${fmtNum(accordi)} accordi individuali di lavoro agile: portare gli accordi a 0 o rivedere «Lavorabile da remoto»`,
        );
        return;
      }
      const dipendenti = num(row.values.dipendenti);
      if (accordi === null || dipendenti === null || accordi <= dipendenti) return;
      ctx.sink.add(
        inSector(sector, 'lavoro_agile', rowRef(row, i), 'accordi'),
        'AGILE_ACCORDI',
        'error',
        `${rowName('lavoro_agile', row.values, i)}: gli accordi individuali (${fmtNum(accordi)}) superano i dipendenti addetti (${fmtNum(dipendenti)}): correggere uno dei due valori`,
      );
    });
  }
}
