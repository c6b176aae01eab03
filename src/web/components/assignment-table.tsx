import { Table, Tag, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api.js';
import { holderName, sortAssignments } from './assignments.js';

/** The columns of the grid page's table of who is responsible, also what its Excel export writes. */
export function assignmentColumns(t: TFunction): TableColumnsType<Assignment> {
  return [
    { key: 'role', title: t('assignment.role'), render: (_, a) => <Tag color={a.inherited ? 'default' : 'red'}>{t(`assignmentRole.${a.role}`)}</Tag> },
    { key: 'holder', title: t('assignment.holder'), render: (_, a) => holderName(a) },
    { key: 'phone', title: t('assignment.phone'), render: (_, a) => a.person?.phone ?? '—' },
    { key: 'grid', title: t('assignment.grid'), responsive: ['sm'], render: (_, a) => (a.inherited ? t('assignment.heldOn', { name: a.grid.name }) : a.grid.name) },
    { key: 'startOn', title: t('assignment.startOn'), responsive: ['md'], render: (_, a) => a.startOn ?? '—' },
  ];
}

/** Full table for the grid page. */
export function AssignmentTable({ items, isLoading }: { items: Assignment[]; isLoading?: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<Assignment>
      size="small"
      rowKey="id"
      loading={isLoading}
      dataSource={sortAssignments(items)}
      pagination={false}
      locale={{ emptyText: t('assignment.none') }}
      data-testid="assignment-table"
      columns={assignmentColumns(t)}
    />
  );
}
