import { Field, Select, makeStyles } from '@fluentui/react-components';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import { roomAccess, type PlanInfo } from './api';
import { useI18n } from './i18n-context';

const useStyles = makeStyles({
  // A native select is as wide as its longest option: keep it inside a 320 px pane.
  select: { width: '100%', minWidth: 0, '& select': { minWidth: 0, textOverflow: 'ellipsis' } },
});

/** The sector (room) being worked on; sectors the user may only read say so. */
export function SectorSelect({ info, room, onChange }: { info: PlanInfo; room: string; onChange: (room: string) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const options = [...info.sectors.map((x) => ({ id: x.id, name: x.denominazione || x.id })), { id: PLAN_ROOM, name: t('sector.plan') }];
  return (
    <Field label={t('sector.label')}>
      <Select className={s.select} data-testid="sector-select" value={room} onChange={(_e, d) => onChange(d.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} {roomAccess(info, o.id) !== 'write' ? t('sector.readonly') : ''}
          </option>
        ))}
      </Select>
    </Field>
  );
}
