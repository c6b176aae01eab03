import { useState } from 'react';
import { Alert, Button, Form, Grid, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { FileExcelOutlined, SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, buildUrl } from '../../api.js';
import { useAuth } from '../../auth.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CobuildNav, recentYears } from './cobuild-bits.js';
import { listKinds, type RankingRow, type Rules } from './types.js';
import './cobuild.css';

/** 清单管理考核 (/cobuild/assessment): the year's ranking scored from records, its Excel export, and the scheme. */
export default function AssessmentPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const [year, setYear] = useState(new Date().getFullYear());
  const [grid, setGrid] = useState<string | undefined>();
  const ranking = useApi<{ year: number; rules: Rules; isDefault: boolean; items: RankingRow[] }>('/api/cobuild/assessment/ranking', { year, grid });
  const [isConfiguring, setConfiguring] = useState(false);
  const fmt = (v: number) => v.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 });

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cobuild.assessment.title')}</h1>
          <span className="gg-muted">{t('cobuild.assessment.subtitle')}</span>
        </div>
        <Space wrap>
          <CobuildNav />
          <a href={buildUrl('/api/cobuild/assessment/export', { year, grid })} download data-testid="assessment-export">
            <Button icon={<FileExcelOutlined />}>{t('cobuild.assessment.export')}</Button>
          </a>
          {can('assessment.configure') && <Button icon={<SettingOutlined />} onClick={() => setConfiguring(true)}>{t('cobuild.assessment.configure')}</Button>}
        </Space>
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Select value={year} onChange={setYear} options={recentYears().map((y) => ({ value: y, label: t('cobuild.common.year', { year: y }) }))} aria-label={t('cobuild.common.yearLabel')} style={{ width: 120 }} />
          <GridTreeSelect value={grid} onChange={setGrid} placeholder={t('cobuild.common.place')} aria-label={t('cobuild.common.place')} style={{ width: 200 }} />
        </Space>
      </Panel>
      <ProblemAlert error={ranking.error} />
      {ranking.data && (
        <Alert
          type="info"
          showIcon
          title={t(ranking.data.isDefault ? 'cobuild.assessment.defaultScheme' : 'cobuild.assessment.scheme', { year })}
          description={t('cobuild.assessment.schemeLine', {
            project: ranking.data.rules.completedProject, venue: ranking.data.rules.perUnit.venue, funds: ranking.data.rules.perUnit.funds * 1000,
            hour: ranking.data.rules.memberHour, star: ranking.data.rules.ratingStar, withdrawn: ranking.data.rules.withdrawnCommitment,
          })}
        />
      )}
      <Panel bodyStyle={{ padding: 0 }} data-testid="assessment-table">
        <Table<RankingRow>
          rowKey={(r) => r.organization.id}
          size="middle"
          loading={ranking.isLoading}
          dataSource={ranking.data?.items ?? []}
          scroll={{ x: 1320 }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('cobuild.common.total', { count: n }) }}
          columns={[
            {
              title: t('cobuild.assessment.rank'), dataIndex: 'rank', width: 70, fixed: screens.md ? 'left' : undefined, align: 'center',
              render: (r: number) => (r <= 3 ? <Tag color={['gold', 'default', 'orange'][r - 1]} icon={<TrophyOutlined />} className="gg-tag">{r}</Tag> : r),
            },
            { title: t('cobuild.organizations.name'), key: 'name', width: 230, fixed: screens.md ? 'left' : undefined, render: (_: unknown, r) => <Link to={`/cobuild/organizations/${r.organization.id}`}>{r.organization.name}</Link> },
            { title: t('cobuild.organizations.kind'), key: 'kind', width: 100, render: (_: unknown, r) => t(`cobuild.organizationKind.${r.organization.kind}`) },
            { title: t('cobuild.assessment.completed'), key: 'cp', width: 90, align: 'right', render: (_: unknown, r) => r.contribution.completedProjects },
            { title: t('cobuild.assessment.venue'), key: 'venue', width: 100, align: 'right', render: (_: unknown, r) => fmt(r.contribution.delivered.venue) },
            { title: t('cobuild.assessment.funds'), key: 'funds', width: 110, align: 'right', render: (_: unknown, r) => fmt(r.contribution.delivered.funds) },
            { title: t('cobuild.assessment.memberHours'), key: 'hours', width: 110, align: 'right', render: (_: unknown, r) => fmt(r.contribution.memberHours) },
            { title: t('cobuild.assessment.stars'), key: 'stars', width: 80, align: 'right', render: (_: unknown, r) => r.contribution.ratingStars },
            { title: t('cobuild.assessment.withdrawn'), key: 'w', width: 90, align: 'right', render: (_: unknown, r) => (r.contribution.withdrawnCommitments ? <span className="gg-negative">{r.contribution.withdrawnCommitments}</span> : 0) },
            {
              title: t('cobuild.assessment.parts.title'), key: 'parts', width: 300,
              render: (_: unknown, r) => <span className="gg-muted gg-parts">{t('cobuild.assessment.partsLine', { p: r.parts.projects, r: r.parts.resources, h: r.parts.memberHours, s: r.parts.ratings, d: r.parts.deductions })}</span>,
            },
            { title: t('cobuild.assessment.total'), dataIndex: 'total', width: 90, align: 'right', fixed: screens.md ? 'right' : undefined, render: (v: number) => <strong className="gg-score-value">{fmt(v)}</strong> },
          ]}
        />
      </Panel>
      {ranking.data && (
        <SchemeDialog open={isConfiguring} year={year} rules={ranking.data.rules} onClose={() => setConfiguring(false)} onDone={() => { setConfiguring(false); ranking.reload(); }} />
      )}
    </div>
  );
}

function SchemeDialog({ open, year, rules, onClose, onDone }: { open: boolean; year: number; rules: Rules; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>();
  const submit = async (v: Record<string, number>) => {
    setError(undefined);
    try {
      const perUnit = Object.fromEntries(listKinds.map((k) => [k, Number(v[`perUnit_${k}`] ?? 0)]));
      await api('/api/cobuild/assessment/scheme', { method: 'PUT', body: { year, rules: { completedProject: v.completedProject, perUnit, memberHour: v.memberHour, ratingStar: v.ratingStar, withdrawnCommitment: v.withdrawnCommitment } } });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal open={open} title={t('cobuild.assessment.configureYear', { year })} okText={t('cobuild.common.save')} cancelText={t('cobuild.common.cancel')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form
        form={form} layout="horizontal" labelCol={{ span: 14 }} onFinish={submit} preserve={false}
        initialValues={{ completedProject: rules.completedProject, memberHour: rules.memberHour, ratingStar: rules.ratingStar, withdrawnCommitment: rules.withdrawnCommitment, ...Object.fromEntries(listKinds.map((k) => [`perUnit_${k}`, rules.perUnit[k]])) }}
      >
        <Form.Item name="completedProject" label={t('cobuild.assessment.rule.completedProject')}><InputNumber min={0} max={1000} /></Form.Item>
        {listKinds.map((k) => (
          <Form.Item key={k} name={`perUnit_${k}`} label={t(`cobuild.assessment.rule.perUnit.${k}`)}><InputNumber min={0} step={0.001} /></Form.Item>
        ))}
        <Form.Item name="memberHour" label={t('cobuild.assessment.rule.memberHour')}><InputNumber min={0} max={100} step={0.1} /></Form.Item>
        <Form.Item name="ratingStar" label={t('cobuild.assessment.rule.ratingStar')}><InputNumber min={0} max={100} /></Form.Item>
        <Form.Item name="withdrawnCommitment" label={t('cobuild.assessment.rule.withdrawnCommitment')}><InputNumber min={-1000} max={0} /></Form.Item>
      </Form>
      <ProblemAlert error={error} />
    </Modal>
  );
}
