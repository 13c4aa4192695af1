import { Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import type { BindingNotice } from '../excel/sheet-binding';
import { useI18n } from './i18n-context';
import type { BindingMode, SheetBindingState } from './useSheetBinding';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Where the sheets are edited: in Excel, the "Apri in Excel" / re-bind button and the binding's
 * progress; in the browser, a note that the grids are beside the pane. Shows binding errors, writes to
 * Excel that keep failing (retried meanwhile), what the binder did on its own (rows deleted in the
 * workbook while the pane was closed), and any `notice` (e.g. waiting for the server before binding).
 */
export function BindingControls({
  mode,
  excelActive,
  bound,
  onOpen,
  notice,
}: {
  mode: BindingMode;
  excelActive: boolean;
  bound: SheetBindingState;
  onOpen: () => void;
  notice?: ReactNode;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const [read, setRead] = useState<ReadonlySet<BindingNotice>>(new Set());
  return (
    <>
      {mode === 'excel' ? (
        <div>
          <Button appearance="primary" data-testid="open-in-excel" onClick={onOpen}>
            {excelActive ? t('excel.rebind') : t('excel.open')}
          </Button>
          {excelActive && !bound.error && bound.host && <Caption1 className={s.muted}> {bound.ready ? t('excel.bound') : t('excel.binding')}</Caption1>}
        </div>
      ) : (
        <Caption1 className={s.muted}>{t('browser.mode')}</Caption1>
      )}
      {notice}
      {Object.entries(bound.problems).map(([sheet, message]) => (
        <MessageBar key={sheet} intent="warning" data-testid="binding-problem">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      ))}
      {bound.notices
        .filter((n) => !read.has(n))
        .map((n, i) => (
          <MessageBar key={`${n.sheet}-${i}`} intent="info" data-testid="binding-notice">
            <MessageBarBody>{n.message}</MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={() => setRead((prev) => new Set(prev).add(n))}>
                {t('binding.noticeOk')}
              </Button>
            </MessageBarActions>
          </MessageBar>
        ))}
      {bound.error && (
        <MessageBar intent="error">
          <MessageBarBody>{t('excel.error', { message: bound.error })}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
