import { Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Assignment, AssignmentRole } from '../api.js';

const roleOrder: AssignmentRole[] = ['steward', 'gridWorker', 'gridLeader', 'partyOrg', 'compoundHead', 'cadre'];

/** Those held on this grid first, then the ones inherited from ancestors, closest role first. */
export function sortAssignments(items: Assignment[]): Assignment[] {
  return [...items].sort((a, b) => Number(a.inherited) - Number(b.inherited) || roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role));
}

export function holderName(a: Assignment): string {
  return a.person?.name ?? a.partyOrg?.name ?? '—';
}

/** Compact list for the map panel: role, name, masked phone. */
export function AssignmentList({ items, isLoading }: { items: Assignment[]; isLoading?: boolean }) {
  const { t } = useTranslation();
  if (isLoading && items.length === 0) return <Spin size="small" />;
  if (items.length === 0) return <div className="gg-muted" data-testid="assignment-list">{t('assignment.none')}</div>;
  return (
    <ul className="gg-assignments" data-testid="assignment-list">
      {sortAssignments(items).map((a) => (
        <li key={a.id} data-testid={`assignment-${a.role}`}>
          <Tag color={a.inherited ? 'default' : 'red'} style={{ marginInlineEnd: 0 }}>
            {t(`assignmentRole.${a.role}`)}
          </Tag>
          <strong>{holderName(a)}</strong>
          {a.person?.phone && <span className="gg-muted gg-mono">{a.person.phone}</span>}
          {a.inherited && <span className="gg-muted gg-assignment-where">{t('assignment.heldOn', { name: a.grid.name })}</span>}
        </li>
      ))}
    </ul>
  );
}
