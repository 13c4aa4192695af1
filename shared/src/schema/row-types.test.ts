import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  capacitaAssunzionale,
  dotazione,
  editableColumns,
  fabbisogni,
  INDICATORI_RISCHIO,
  obiettivi,
  rischi,
  SECTOR_SHEET_IDS,
  type CapacitaRecord,
  type CellOf,
  type DotazioneRow,
  type FabbisognoRow,
  type ObiettivoRow,
  type RischioRow,
  type RowOf,
  type RowValues,
  type SectorRows,
  type SectorSheetId,
  type SheetDef,
} from './index';

/** Every key of `R`, exactly once: a missing or extra key does not compile. */
const allKeys =
  <R>() =>
  (keys: { readonly [K in keyof R]-?: true }): string[] =>
    Object.keys(keys);

// tsc runs over this file in `npm test`: each @ts-expect-error below fails the build if the error goes away.
describe('row types derived from the schema', () => {
  it('maps column types to stored cell types', () => {
    expectTypeOf<CellOf<'int'>>().toEqualTypeOf<number>();
    expectTypeOf<CellOf<'money'>>().toEqualTypeOf<number>();
    expectTypeOf<CellOf<'percent'>>().toEqualTypeOf<number>();
    expectTypeOf<CellOf<'year'>>().toEqualTypeOf<number>();
    expectTypeOf<CellOf<'bool'>>().toEqualTypeOf<boolean>();
    expectTypeOf<CellOf<'date'>>().toEqualTypeOf<string>();
    expectTypeOf<CellOf<'enum'>>().toEqualTypeOf<string>();
    expectTypeOf<CellOf<'ref'>>().toEqualTypeOf<string>();
  });

  it('gives a row one optional, nullable property per stored column', () => {
    expectTypeOf<DotazioneRow>().toEqualTypeOf<{
      area?: string | null;
      categoria_ex?: string | null;
      uomini?: number | null;
      donne?: number | null;
      pt_uomini?: number | null;
      pt_donne?: number | null;
      fonte?: string | null;
    }>();
    expectTypeOf<ObiettivoRow['peso']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<ObiettivoRow['inizio']>().toEqualTypeOf<string | null | undefined>();
  });

  it('keeps the risk indicator columns built from INDICATORI_RISCHIO', () => {
    expectTypeOf<RischioRow['interesse_esterno']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<RischioRow['probabilita']>().toEqualTypeOf<number | null | undefined>();
    const ids = INDICATORI_RISCHIO.map(([id]) => id);
    expectTypeOf(ids).toEqualTypeOf<Array<keyof RischioRow & (typeof INDICATORI_RISCHIO)[number][0]>>();
  });

  it('has exactly the editable columns of the runtime definition as keys', () => {
    // The key lists are checked against the type by allKeys and against the schema here, so the types
    // cannot drift from what editableColumns (and so validation and import) actually use.
    const ids = (s: SheetDef) => editableColumns(s).map((c) => c.id);
    expect(allKeys<DotazioneRow>()({ area: true, categoria_ex: true, uomini: true, donne: true, pt_uomini: true, pt_donne: true, fonte: true })).toEqual(ids(dotazione));
    expect(allKeys<CapacitaRecord>()({ spesa_personale: true, entrate_correnti_media: true, fcde: true, soglia: true, soglia_rientro: true, spesa_flessibile_2009: true, limite_557: true, note: true })).toEqual(
      ids(capacitaAssunzionale),
    );
    expect(
      allKeys<FabbisognoRow>()({
        anno: true,
        profilo: true,
        area: true,
        posti: true,
        regime: true,
        percentuale_pt: true,
        rapporto: true,
        modalita: true,
        costo_unitario: true,
        costo_provenienza: true,
        decorrenza: true,
        note: true,
      }),
    ).toEqual(ids(fabbisogni));
    expect(
      allKeys<RischioRow>()({
        codice: true,
        processo: true,
        fase: true,
        evento_rischioso: true,
        fattori_abilitanti: true,
        interesse_esterno: true,
        discrezionalita: true,
        eventi_passati: true,
        opacita: true,
        collaborazione: true,
        attuazione_misure: true,
        giudizio: true,
        motivazione: true,
        probabilita: true,
        impatto: true,
      }),
    ).toEqual(ids(rischi));
    expect(
      allKeys<ObiettivoRow>()({
        codice: true,
        titolo: true,
        descrizione: true,
        obiettivo_strategico: true,
        tipo: true,
        dimensione: true,
        responsabile: true,
        peso: true,
        inizio: true,
        fine: true,
        stakeholder: true,
        missione_programma: true,
        obiettivo_operativo: true,
      }),
    ).toEqual(ids(obiettivi));
  });

  it('rejects misspelt ids, computed columns and values of the wrong type', () => {
    const ok: ObiettivoRow = { codice: 'X-1', peso: 40, inizio: '2022-01-01', dimensione: null };
    // @ts-expect-error misspelt column id
    const misspelt: ObiettivoRow = { codice: 'X-1', pesso: 40 };
    // @ts-expect-error computed columns are never stored
    const computed: DotazioneRow = { area: 'Operatori', uomini: 1, donne: 2, totale: 3 };
    // @ts-expect-error a number in a text column
    const wrongText: ObiettivoRow = { codice: 12 };
    // @ts-expect-error a string in a percent column
    const wrongNumber: ObiettivoRow = { peso: '40' };
    // @ts-expect-error a computed column cannot be read from a stored row either
    const level = ({} as RischioRow).livello;
    expect([ok, misspelt, computed, wrongText, wrongNumber, level]).toHaveLength(6);
  });

  it('keys SectorRows by exactly the sector sheet ids', () => {
    expectTypeOf<keyof SectorRows>().toEqualTypeOf<SectorSheetId>();
    expectTypeOf<SectorRows['rischi']>().toEqualTypeOf<RischioRow>();
    expect(allKeys<SectorRows>()({
      obiettivi: true,
      indicatori: true,
      processi: true,
      rischi: true,
      misure: true,
      fabbisogni: true,
      cessazioni: true,
      lavoro_agile: true,
      formazione: true,
    }).sort()).toEqual([...SECTOR_SHEET_IDS].sort());
  });

  it('widens to any column over a plain SheetDef, and a typed row is still a RowValues', () => {
    expectTypeOf<RowOf<SheetDef>>().toEqualTypeOf<{ [x: string]: string | number | boolean | null | undefined }>();
    const row: RischioRow = { codice: 'R1', probabilita: 2 };
    const values: RowValues = { ...row };
    expect(values).toEqual({ codice: 'R1', probabilita: 2 });
  });
});
