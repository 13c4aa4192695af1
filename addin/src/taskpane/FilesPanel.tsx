import { Button, Caption1, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import { schemaLabel } from '../i18n';
import type { ImportApplied, ImportCellError, ImportConflict, PiaoApi } from './api';
import { useI18n } from './i18n-context';
import { DownloadLink } from './DownloadLink';
import { importErrorText } from './import-errors';
import { ImportSummary } from './ImportSummary';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '8px' },
  errors: { margin: 0, paddingLeft: '18px', color: tokens.colorPaletteRedForeground1, maxHeight: '200px', overflowY: 'auto' },
  hidden: { display: 'none' },
});

/** Downloads (consolidated workbook, sector template) and the import of a filled template. */
export function FilesPanel(props: { api: PiaoApi; ente: string; triennio: string; sector: string | null; canImport: boolean }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<
    { ok: true; applied: ImportApplied | undefined; conflicts: ImportConflict[]; file: File } | { ok: false; message: string; errors: ImportCellError[] } | null
  >(null);

  /** `force`: keys of the conflicts the user chose to overwrite; the same file is sent again with them. */
  const upload = async (file: File, force: string[] = []) => {
    if (!props.sector) return;
    setBusy(true);
    if (force.length === 0) setResult(null);
    try {
      const r = await props.api.importSector(props.ente, props.triennio, props.sector, file, force);
      // The server's 422 message already says the import was refused and why.
      setResult(r.ok ? { ok: true, applied: r.applied, conflicts: r.conflicts, file } : { ok: false, message: r.message, errors: r.errors });
    } catch (err) {
      setResult({ ok: false, message: t('files.importFailed', { message: err instanceof Error ? err.message : String(err) }), errors: [] });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const sheetName = (id: string) => (isSheetId(id) ? schemaLabel(getSheet(id), locale) : id);

  return (
    <section className={s.wrap} aria-label={t('files.title')}>
      <DownloadLink testId="download-export" label={t('files.export')} fetchFile={() => props.api.downloadExport(props.ente, props.triennio)} />
      {props.sector && (
        <DownloadLink
          testId="download-template"
          label={t('files.template')}
          fetchFile={() => props.api.downloadTemplate(props.ente, props.triennio, props.sector!)}
        />
      )}
      {props.sector && (
        <div>
          <input
            ref={input}
            className={s.hidden}
            type="file"
            data-testid="import-file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={!props.canImport || busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
            }}
          />
          <Button disabled={!props.canImport || busy} onClick={() => input.current?.click()}>
            {busy ? t('files.importing') : t('files.import')}
          </Button>
        </div>
      )}
      {result?.ok && (
        <ImportSummary
          key={result.conflicts.map((c) => c.key).join()}
          applied={result.applied}
          conflicts={result.conflicts}
          busy={busy}
          onOverwrite={(keys) => void upload(result.file, keys)}
        />
      )}
      {result && !result.ok && (
        <div data-testid="import-errors" data-count={result.errors.length}>
          <MessageBar intent="error">
            <MessageBarBody>{result.message}</MessageBarBody>
          </MessageBar>
          {result.errors.length > 0 && (
            <ul className={s.errors}>
              {result.errors.map((e, i) => (
                <li key={i} data-testid="import-error" data-sheet={e.sheet} data-row={e.row ?? ''} data-column={e.column ?? ''}>
                  <Caption1>{importErrorText(e, sheetName, t)}</Caption1>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
