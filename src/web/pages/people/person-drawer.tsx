import { useEffect, useState } from 'react';
import { Button, Descriptions, Drawer, Grid, Skeleton, Space, Table, Tag } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Person, type PersonDetail } from '../../api.js';
import { useAuth } from '../../auth.js';
import { LevelTag, detailPath } from '../../components/grid-bits.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CareGroupTags, PartyTag } from './person-bits.js';

type RevealField = 'idNumber' | 'phone';

/** One person with their household; full numbers only on request, for those allowed (audited). */
export function PersonDrawer({ personId, onClose }: { personId: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const person = useApi<PersonDetail>(personId ? `/api/people/${personId}` : null);
  const [revealed, setRevealed] = useState<Partial<Record<RevealField, string>>>({});
  const [revealing, setRevealing] = useState<RevealField | null>(null);
  const [revealError, setRevealError] = useState<unknown>(null);

  useEffect(() => {
    setRevealed({});
    setRevealError(null);
  }, [personId]);

  const reveal = async (field: RevealField) => {
    if (!personId) return;
    setRevealing(field);
    setRevealError(null);
    try {
      const { value } = await api<{ value: string }>(`/api/people/${personId}/reveal`, { method: 'POST', body: { field } });
      setRevealed((previous) => ({ ...previous, [field]: value }));
    } catch (error) {
      setRevealError(error);
    } finally {
      setRevealing(null);
    }
  };

  const sensitive = (field: RevealField, masked: string | null) => (
    <Space size={8} wrap>
      <span className="gg-mono" data-testid={`person-${field}`}>
        {revealed[field] ?? masked ?? '—'}
      </span>
      {can('person.reveal') && masked && !revealed[field] && (
        <Button size="small" type="link" icon={<EyeOutlined />} loading={revealing === field} onClick={() => reveal(field)} data-testid={`reveal-${field}`}>
          {t('people.reveal')}
        </Button>
      )}
    </Space>
  );

  const p = person.data;
  return (
    <Drawer
      open={Boolean(personId)}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={p ? p.name : t('people.detail')}
      data-testid="person-drawer"
      destroyOnHidden
    >
      {person.error ? <ProblemAlert error={person.error} /> : null}
      {revealError ? <ProblemAlert error={revealError} testId="reveal-error" /> : null}
      {!p && !person.error ? <Skeleton active /> : null}
      {p && (
        <Space orientation="vertical" size={20} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('people.name')}>{p.name}</Descriptions.Item>
            <Descriptions.Item label={t('people.gender')}>{p.gender ? t(`gender.${p.gender}`, { defaultValue: p.gender }) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.birthYear')}>{p.birthYear ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.idNumber')}>{sensitive('idNumber', p.idNumber)}</Descriptions.Item>
            <Descriptions.Item label={t('people.phone')}>{sensitive('phone', p.phone)}</Descriptions.Item>
            <Descriptions.Item label={t('people.grid')}>
              {p.grid ? (
                <Space size={6}>
                  <LevelTag level={p.grid.level} />
                  <Link to={detailPath(p.grid.id)}>{p.grid.name}</Link>
                </Space>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.address')}>{p.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.relation')}>{p.relation ? t(`relation.${p.relation}`, { defaultValue: p.relation }) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.tags')}>
              <Space size={4} wrap>
                <PartyTag party={p.partyMember} />
                <CareGroupTags groups={p.careGroups} />
                {!p.partyMember && p.careGroups.length === 0 && '—'}
              </Space>
            </Descriptions.Item>
          </Descriptions>

          <div>
            <h2 className="gg-section-title">
              {t('people.household')}
            </h2>
            <Table<Person>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.household ?? []}
              locale={{ emptyText: t('people.noHousehold') }}
              data-testid="household-table"
              columns={[
                { key: 'name', title: t('people.name'), render: (_, m) => (m.id === p.id ? <strong>{m.name}</strong> : m.name) },
                { key: 'relation', title: t('people.relation'), render: (_, m) => (m.relation ? t(`relation.${m.relation}`, { defaultValue: m.relation }) : '—') },
                { key: 'gender', title: t('people.gender'), render: (_, m) => (m.gender ? t(`gender.${m.gender}`, { defaultValue: m.gender }) : '—') },
                { key: 'birthYear', title: t('people.birthYear'), render: (_, m) => m.birthYear ?? '—' },
                {
                  key: 'tags',
                  title: t('people.tags'),
                  responsive: ['sm'],
                  render: (_, m) => (
                    <Space size={4} wrap>
                      <PartyTag party={m.partyMember} />
                      <CareGroupTags groups={m.careGroups ?? []} />
                    </Space>
                  ),
                },
              ]}
            />
          </div>

          {p.assignments && p.assignments.length > 0 && (
            <div>
              <h2 className="gg-section-title">
                {t('people.duties')}
              </h2>
              <Space size={[8, 8]} wrap>
                {p.assignments.map((a) => (
                  <Tag key={a.id} color="red">
                    {t(`assignmentRole.${a.role}`)} · <Link to={detailPath(a.grid.id)}>{a.grid.name}</Link>
                  </Tag>
                ))}
              </Space>
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
