import { INDICATORI_RISCHIO } from '../schema/anticorruzione-sheets';
import type { RowValues, SectorSheetId } from '../schema/types';

/** Every sheet of one sector room, as rows of plain cell values in display order. */
export type DemoSectorRows = { readonly [K in SectorSheetId]: readonly RowValues[] };

/** A sector's example sheets except training, which comes from the seed's 2022 courses (training.ts). */
export type DemoSectorSheets = Omit<DemoSectorRows, 'formazione'>;

type Livello = 'Alto' | 'Medio' | 'Basso';

/** The six ANAC key risk indicators of a `rischi` row, in the schema's order. */
export function indicatoriRischio(...livelli: [Livello, Livello, Livello, Livello, Livello, Livello]): RowValues {
  return Object.fromEntries(INDICATORI_RISCHIO.map(([id], i) => [id, livelli[i]!]));
}
