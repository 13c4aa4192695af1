import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { buildPlanDocument } from '@piao/shared/document/index';
import { documentFonts } from '../document/fonts';
import { renderDocument } from '../document/render';
import { CliError } from './errors';
import { readPlan, type PlanSourceOptions } from './plan-source';

export interface DocumentOptions extends PlanSourceOptions {
  out?: string;
}

/** `piao document`: the plan as a publishable PDF or DOCX, by the extension of --out. */
export async function documentCommand(o: DocumentOptions): Promise<void> {
  if (!o.out) throw new CliError('Indicare il file da scrivere con --out (es. --out piano.pdf oppure --out piano.docx)');
  const ext = extname(o.out).toLowerCase();
  if (ext !== '.pdf' && ext !== '.docx') throw new CliError(`Formato non riconosciuto: "${o.out}" (usare un file .pdf o .docx)`);
  const data = await readPlan(o);
  const doc = buildPlanDocument(data);
  const fonts = ext === '.pdf' ? await documentFonts() : undefined;
  let bytes: Uint8Array;
  try {
    bytes = await renderDocument(data, ext === '.pdf' ? 'pdf' : 'docx');
  } catch (err) {
    throw new CliError(`Documento non generato: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  await writeFile(o.out, bytes);
  const pdfa = ext === '.pdf' ? (fonts ? ' (PDF/A-2a)' : ' (PDF senza font incorporati: installare fonts-dejavu-core e fonts-dejavu-extra per il PDF/A)') : '';
  process.stderr.write(`Scritto ${o.out}${pdfa}: ${doc.ente}, triennio ${doc.triennio}, ${doc.adopted ? doc.adoption.toLowerCase() : 'bozza'}\n`);
}
