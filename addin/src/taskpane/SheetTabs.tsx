import { Button, CounterBadge, makeStyles } from '@fluentui/react-components';
import { getSheet } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/types';
import { schemaLabel } from '../i18n';
import { useI18n } from './i18n-context';
import type { Counts } from './issues-model';

const useStyles = makeStyles({
  tabs: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
  tab: { justifyContent: 'flex-start', minWidth: 0, gap: '6px' },
});

/** The room's sheets with their issue counts; wraps to fit a 320 px pane. */
export function SheetTabs(props: {
  sheets: readonly SheetId[];
  current: SheetId;
  counts: ReadonlyMap<string, Counts>;
  onSelect: (sheet: SheetId) => void;
}) {
  const { t, locale } = useI18n();
  const s = useStyles();
  return (
    <div className={s.tabs} role="tablist" aria-label={t('sheets.title')}>
      {props.sheets.map((id) => {
        const def = getSheet(id);
        const c = props.counts.get(id);
        const total = (c?.errors ?? 0) + (c?.warnings ?? 0);
        const selected = id === props.current;
        return (
          <Button
            key={id}
            role="tab"
            aria-selected={selected}
            size="small"
            className={s.tab}
            appearance={selected ? 'primary' : 'secondary'}
            data-testid={`sheet-tab-${id}`}
            data-errors={c?.errors ?? 0}
            data-warnings={c?.warnings ?? 0}
            title={c ? t('sheets.issues', { errors: c.errors, warnings: c.warnings }) : undefined}
            onClick={() => props.onSelect(id)}
          >
            {def.section !== '-' ? `${def.section} ` : ''}
            {schemaLabel(def, locale)}
            {total > 0 && <CounterBadge size="small" count={total} color={c && c.errors > 0 ? 'danger' : 'informative'} />}
          </Button>
        );
      })}
    </div>
  );
}
