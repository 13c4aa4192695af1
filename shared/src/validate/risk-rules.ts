import { INDICATORI_RISCHIO } from '../schema';
import { inSector, rowRef, sectorRows, textKey, type Ctx } from './context';
import { rowName } from './row-names';

const LOW = new Set(['Basso', 'Trascurabile']);
const NEEDS_MEASURE = new Set(['Medio', 'Alto', 'Molto alto']);

/** Rules of 2.3 (risk assessment and prevention measures) inside one sector. */
export function checkRisks(ctx: Ctx): void {
  for (const sector of ctx.sectors) {
    const treated = new Set(sectorRows(sector, 'misure').map((m) => textKey(m.values.rischio)));
    sectorRows(sector, 'rischi').forEach((row, i) => {
      const v = row.values;
      const name = rowName('rischi', v, i);
      const giudizio = typeof v.giudizio === 'string' ? v.giudizio : null;
      const at = inSector(sector, 'rischi', rowRef(row, i), 'giudizio');
      if (giudizio !== null && LOW.has(giudizio)) {
        const alti = INDICATORI_RISCHIO.filter(([id]) => v[id] === 'Alto').map(([, label]) => label);
        if (alti.length >= 2) {
          // ANAC (PNA 2019, all. 1) asks not to average the indicators and to justify the judgement.
          ctx.sink.add(
            at,
            'RISK_JUDGEMENT_LOW',
            'warning',
            `${name}: il giudizio è «${giudizio}» ma ${alti.length} indicatori su 6 sono «Alto» (${alti.join(', ')}): rivedere il giudizio o motivarlo (l'ANAC chiede di non fare la media degli indicatori)`,
          );
        }
      }
      const code = textKey(v.codice);
      if (giudizio !== null && NEEDS_MEASURE.has(giudizio) && (code === null || !treated.has(code))) {
        ctx.sink.add(
          at,
          'RISK_NEEDS_MEASURE',
          'error',
          `${name}: un rischio con giudizio «${giudizio}» richiede almeno una misura di prevenzione: aggiungerla nel foglio 2.3 Misure${code ? ` con rischio ${code}` : ''}`,
        );
      }
    });
  }
}
