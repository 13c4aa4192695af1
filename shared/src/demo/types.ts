import { INDICATORI_RISCHIO } from '../schema/anticorruzione-sheets';
import type { SectorRows } from '../schema/row-types';
import type { SectorSheetId } from '../schema/types';

/** Every sheet of one sector room, as rows typed by the schema, in display order. */
export type DemoSectorRows = { readonly [K in SectorSheetId]: readonly SectorRows[K][] };

/** A sector's example sheets except training, which comes from the seed's 2022 courses (training.ts). */
export type DemoSectorSheets = Omit<DemoSectorRows, 'formazione'>;

type Livello = 'Alto' | 'Medio' | 'Basso';
type IndicatoreRischioId = (typeof INDICATORI_RISCHIO)[number][0];

/** The six ANAC key risk indicators of a `rischi` row, in the schema's order. */
export function indicatoriRischio(
  ...livelli: [Livello, Livello, Livello, Livello, Livello, Livello]
): Record<IndicatoreRischioId, Livello> {
  return Object.fromEntries(INDICATORI_RISCHIO.map(([id], i) => [id, livelli[i]!])) as Record<IndicatoreRischioId, Livello>;
}
