import { Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import type { Download } from './api';
import { useI18n } from './i18n-context';

/** Saves a blob under a name, as a link with `download` would (the object URL lives only for the click). */
function save({ blob, filename }: Download): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A download the pane fetches with the bearer header (no token in any URL), with its failure in Italian. */
export function DownloadLink({ testId, label, fetchFile }: { testId: string; label: string; fetchFile: () => Promise<Download> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <Link
        as="button"
        data-testid={testId}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          fetchFile()
            .then(save, (err: unknown) => setError(t('files.downloadFailed', { message: err instanceof Error ? err.message : String(err) })))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t('files.downloading') : label}
      </Link>
      {error && (
        <MessageBar intent="error" data-testid={`${testId}-error`}>
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
