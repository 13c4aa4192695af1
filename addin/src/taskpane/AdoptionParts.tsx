import { Badge, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { DEADLINE_NEAR_DAYS } from '@piao/shared/deadline/index';
import { NEW_VERSION_KINDS } from '@piao/shared/workflow/index';
import type { MessageKey } from '../i18n';
import { adoptedVersions, daysLeft, type PlanStep } from './adoption-model';
import type { MoveAsk, PiaoApi, PlanDeadlineInfo, WorkflowMoveInfo } from './api';
import { DownloadLink } from './DownloadLink';
import { useI18n } from './i18n-context';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '6px' },
  form: { display: 'flex', flexDirection: 'column', gap: '6px', padding: '8px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: '4px' },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '4px' },
});

/** The state's label (the server's Italian name; English in the English pane). */
export function useStateLabel(): (state: string) => string {
  const { t } = useI18n();
  return (state) => {
    const key = `adoption.state.${state}` as MessageKey;
    const label = t(key);
    return label === key ? state : label;
  };
}

const COLORS: Record<string, 'informative' | 'success' | 'warning' | 'brand' | 'important'> = {
  Bozza: 'informative',
  'Inviata dal settore': 'brand',
  'Verificata dal coordinatore': 'success',
  'Rinviata al settore': 'warning',
  'In consultazione pubblica': 'brand',
  'Proposta alla Giunta': 'brand',
  Adottata: 'success',
  Pubblicata: 'success',
  'Trasmessa al DFP': 'success',
};

export function StateBadge({ state, testId }: { state: string; testId?: string }) {
  const label = useStateLabel();
  return (
    <Badge appearance="tint" color={COLORS[state] ?? 'informative'} data-testid={testId} data-state={state}>
      {label(state)}
    </Badge>
  );
}

/**
 * The fields a step needs (deliberation number and date, page URL and date, kind of new version, a
 * note), typed in before the move is sent; the server checks them again and refuses in Italian.
 */
export function StepForm({ step, busy, onSend, onCancel }: { step: PlanStep | { to: string; needs: { note: true } }; busy: boolean; onSend: (ask: Omit<MoveAsk, 'target'>) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const needs = step.needs as { atto?: 'delibera' | 'url' | 'tipo'; data?: true; note?: true };
  const [atto, setAtto] = useState(needs.atto === 'tipo' ? NEW_VERSION_KINDS[0] : '');
  const [data, setData] = useState('');
  const [note, setNote] = useState('');
  return (
    <div className={s.form} data-testid="step-form" data-to={step.to}>
      {needs.atto === 'tipo' ? (
        <Field label={t('adoption.field.tipo')}>
          <Select data-testid="step-atto" value={atto} onChange={(_e, d) => setAtto(d.value)}>
            {NEW_VERSION_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </Select>
        </Field>
      ) : needs.atto ? (
        <Field label={t(needs.atto === 'url' ? 'adoption.field.url' : 'adoption.field.delibera')}>
          <Input data-testid="step-atto" value={atto} onChange={(_e, d) => setAtto(d.value)} />
        </Field>
      ) : null}
      {needs.data && (
        <Field label={t('adoption.field.data')}>
          <Input data-testid="step-data" type="date" value={data} onChange={(_e, d) => setData(d.value)} />
        </Field>
      )}
      <Field label={t(needs.note ? 'adoption.field.noteRequired' : 'adoption.field.note')}>
        <Input data-testid="step-note" value={note} onChange={(_e, d) => setNote(d.value)} />
      </Field>
      <div className={s.row}>
        <Button
          appearance="primary"
          data-testid="step-confirm"
          disabled={busy}
          onClick={() => onSend({ to: step.to, ...(atto ? { atto } : {}), ...(data ? { data } : {}), ...(note ? { note } : {}) })}
        >
          {t('adoption.confirm')}
        </Button>
        <Button data-testid="step-cancel" disabled={busy} onClick={onCancel}>
          {t('adoption.cancel')}
        </Button>
      </div>
    </div>
  );
}

/** The adoption deadline and the days left; a warning when near (≤ 15 days) or passed. */
export function DeadlineNote({ deadline, today }: { deadline: PlanDeadlineInfo; today: string }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const days = daysLeft(deadline.date, today);
  const date = new Date(`${deadline.date}T12:00:00Z`).toLocaleDateString(locale === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'UTC' });
  const left =
    days === null ? '' : days < 0 ? t('adoption.overdue', { n: -days }) : days === 0 ? t('adoption.today') : t(days === 1 ? 'adoption.daysLeft.one' : 'adoption.daysLeft.other', { n: days });
  const text = `${t('adoption.deadline', { date })}${left ? ` — ${left}` : ''}`;
  if (days !== null && days <= DEADLINE_NEAR_DAYS) {
    return (
      <MessageBar intent={days < 0 ? 'error' : 'warning'} data-testid="deadline" data-days={days}>
        <MessageBarBody>
          {text}
          {deadline.warning ? <div>{deadline.warning}</div> : null}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <Caption1 className={s.muted} data-testid="deadline" data-days={days ?? ''}>
      {text}
    </Caption1>
  );
}

/** Adopted versions with their PDF/DOCX, and the current draft's document. */
export function VersionsList({ api, ente, triennio, moves }: { api: PiaoApi; ente: string; triennio: string; moves: readonly WorkflowMoveInfo[] }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const versions = adoptedVersions(moves);
  const fmt = (d: string | null) => (d ? new Date(`${d}T12:00:00Z`).toLocaleDateString(locale === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'UTC' }) : '—');
  return (
    <div data-testid="versions">
      {versions.length === 0 ? (
        <Caption1 className={s.muted}>{t('adoption.noVersions')}</Caption1>
      ) : (
        <ul className={s.list}>
          {versions.map((v) => (
            <li key={v.versione} data-testid="version" data-version={v.versione}>
              <Caption1>{t('adoption.version', { n: v.versione, atto: v.atto ?? '—', data: fmt(v.data) })}</Caption1>
              <div className={s.row}>
                <DownloadLink testId={`version-${v.versione}-pdf`} label="PDF" fetchFile={() => api.downloadDocument(ente, triennio, 'pdf', v.versione)} />
                <DownloadLink testId={`version-${v.versione}-docx`} label="DOCX" fetchFile={() => api.downloadDocument(ente, triennio, 'docx', v.versione)} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className={s.row}>
        <DownloadLink testId="draft-pdf" label={t('adoption.draftPdf')} fetchFile={() => api.downloadDocument(ente, triennio, 'pdf')} />
        <DownloadLink testId="draft-docx" label={t('adoption.draftDocx')} fetchFile={() => api.downloadDocument(ente, triennio, 'docx')} />
      </div>
    </div>
  );
}
