import type { ImportCounts } from './import-types';

const n = (count: number, one: string, many: string): string => `${count.toLocaleString('it-IT')} ${count === 1 ? one : many}`;

export const NO_BASE_WARNING =
  'Il file non contiene i valori di partenza del modello (modello scaricato prima di questa versione, o un file diverso dal modello): ' +
  'ogni cella diversa dal piano è stata scritta, anche se nel frattempo qualcun altro l\'aveva cambiata. Per evitarlo scaricare di nuovo il modello.';

/** The Italian summary of an import: what changed, then what needs the user's attention. */
export function summaryMessage(s: ImportCounts): string {
  const open = s.conflicts - s.overwritten;
  let msg = `${[n(s.added, 'riga aggiunta', 'righe aggiunte'), n(s.cellsChanged, 'cella modificata', 'celle modificate'), n(s.conflicts, 'conflitto', 'conflitti')].join(', ')}.`;
  if (s.overwritten > 0) msg += ` ${n(s.overwritten, 'cella è stata sovrascritta', 'celle sono state sovrascritte')} con il valore del file, come richiesto.`;
  if (open > 0) {
    msg += ` ${open === 1 ? 'Una cella era stata cambiata' : `${open.toLocaleString('it-IT')} celle erano state cambiate`} da altri dopo il download del modello: ${open === 1 ? 'resta' : 'restano'} il valore attuale del piano; si può scegliere di sovrascrivere.`;
  }
  if (s.deletedByOthers > 0) {
    msg += ` ${s.deletedByOthers === 1 ? 'Una riga del file era stata eliminata' : `${s.deletedByOthers.toLocaleString('it-IT')} righe del file erano state eliminate`} da altri nel frattempo e il file non ${s.deletedByOthers === 1 ? 'la cambiava: non è stata ricreata' : 'le cambiava: non sono state ricreate'}.`;
  }
  if (s.notInFile > 0) {
    msg += ` ${s.notInFile === 1 ? 'Una riga del piano non è nel file e resta invariata' : `${s.notInFile.toLocaleString('it-IT')} righe del piano non sono nel file e restano invariate`}: le righe non si eliminano da un file, usare il pannello.`;
  }
  if (s.otherSector > 0) msg += ` ${s.otherSector === 1 ? 'Una riga di un altro settore è stata ignorata' : `${s.otherSector.toLocaleString('it-IT')} righe di altri settori sono state ignorate`}.`;
  return msg;
}
