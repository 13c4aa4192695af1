import { Badge, Body1, Caption1, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import type { Issue } from '@piao/shared/validate/issue';
import { schemaLabel } from '../i18n';
import { useI18n } from './i18n-context';
import { issueKey } from './issues-model';

const useStyles = makeStyles({
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px', maxHeight: '320px', overflowY: 'auto' },
  item: {
    display: 'flex',
    gap: '8px',
    alignItems: 'flex-start',
    width: '100%',
    textAlign: 'left',
    background: 'none',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '6px 8px',
    cursor: 'pointer',
    font: 'inherit',
    color: 'inherit',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  badge: { flexShrink: 0 },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  where: { color: tokens.colorNeutralForeground3 },
});

/** The issue list; each item jumps to its cell. */
export function IssueList(props: {
  issues: readonly Issue[];
  wholePlan: boolean;
  onWholePlan: (v: boolean) => void;
  sectorName: (room: string) => string;
  onJump: (issue: Issue) => void;
  source: 'live' | 'server';
}) {
  const { t, locale } = useI18n();
  const s = useStyles();
  return (
    <section aria-label={t('issues.title')}>
      <div className={s.head}>
        <Caption1 className={s.where}>{t(props.source === 'live' ? 'issues.live' : 'issues.server')}</Caption1>
        <Switch data-testid="issues-whole-plan" checked={props.wholePlan} label={t('issues.scope')} onChange={(_e, d) => props.onWholePlan(d.checked)} />
      </div>
      {props.issues.length === 0 && <Body1 data-testid="issue-list-empty">{t('issues.none')}</Body1>}
      <ul className={s.list} data-testid="issue-list" data-count={props.issues.length}>
        {props.issues.map((i, n) => (
          <li key={issueKey(i, n)} data-testid={`issue-${i.rule}`} data-severity={i.severity} data-room={i.room} data-sheet={i.sheet} data-row={i.rowId ?? ''} data-column={i.column ?? ''}>
            <button type="button" className={s.item} onClick={() => props.onJump(i)}>
              <Badge className={s.badge} size="medium" appearance="tint" shape="rounded" color={i.severity === 'error' ? 'danger' : 'warning'}>
                {t(i.severity === 'error' ? 'issues.error' : 'issues.warning')}
              </Badge>
              <span className={s.text}>
                <Body1>{i.message}</Body1>
                <Caption1 className={s.where}>
                  {props.sectorName(i.room)} · {isSheetId(i.sheet) ? schemaLabel(getSheet(i.sheet), locale) : i.sheet}
                  {/* The rule code helps support, but a screen reader would read it as part of the message. */}
                  <span aria-hidden="true"> · {i.rule}</span>
                </Caption1>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
