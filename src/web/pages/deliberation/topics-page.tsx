import { useState } from 'react';
import { Button, Drawer, Empty, Form, Input, Progress, Segmented, Space, Spin, Tag, message } from 'antd';
import { LikeOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { PageHead, formatDay, useSeesBodies } from './bits.js';
import type { Topic } from './types.js';

type Filter = 'open' | 'all';
const stateColor: Record<Topic['state'], string> = { open: 'blue', queued: 'orange', onAgenda: 'purple', decided: 'green', closed: 'default' };

/**
 * 议题征集 (/deliberation/topics), for residents on the phone: what neighbours propose for the
 * compound, one support each; past the council's threshold a topic goes on its next agenda.
 */
export default function TopicsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const isStaff = useSeesBodies();
  const [filter, setFilter] = useState<Filter>('open');
  const [isProposing, setProposing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ title: string; description: string }>();
  const topics = useApi<Page<Topic>>('/api/deliberation/topics', { limit: 100 });
  const shown = (topics.data?.items ?? []).filter((x) => filter === 'all' || x.state === 'open' || x.state === 'queued' || x.state === 'onAgenda');

  const exportColumns: ExportableColumn<Topic>[] = [
    { key: 'title', title: t('deliberation.topic.topicTitle'), render: (_, x) => x.title },
    { key: 'state', title: t('deliberation.column.state'), render: (_, x) => t(`deliberation.topicState.${x.state}`) },
    { key: 'body', title: t('deliberation.column.body'), render: (_, x) => x.bodyName },
    { key: 'description', title: t('deliberation.topic.description'), render: (_, x) => x.description },
    { key: 'supports', title: t('deliberation.column.supports'), render: (_, x) => t('deliberation.topic.supports', { count: x.supportCount, threshold: x.threshold }) },
    { key: 'proposer', title: t('deliberation.column.proposer'), render: (_, x) => x.proposerName },
    { key: 'proposedOn', title: t('deliberation.column.proposedOn'), render: (_, x) => formatDay(x.createdAt.slice(0, 10)) },
  ];

  const support = async (topic: Topic) => {
    setError(undefined);
    try {
      const r = await api<{ supportCount: number; state: string }>(`/api/deliberation/topics/${topic.id}/supports`, { method: 'POST' });
      message.success(r.state === 'open' ? t('deliberation.topic.supported') : t('deliberation.topic.reachedThreshold'));
      topics.reload();
    } catch (e) {
      setError(e);
    }
  };
  const propose = async () => {
    const v = await form.validateFields();
    setError(undefined);
    try {
      await api('/api/deliberation/topics', { method: 'POST', body: v });
      message.success(t('deliberation.topic.proposed'));
      setProposing(false);
      form.resetFields();
      topics.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="gg-page dl-page">
      <PageHead
        title={t('deliberation.topic.title')}
        subtitle={t('deliberation.topic.subtitle')}
        extra={(
          <>
            {isStaff ? <ExportButton rows={shown} columns={exportColumns} fileName={t('deliberation.topic.title')} /> : null}
            {can('topic.propose') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="topic-propose">{t('deliberation.topic.propose')}</Button> : null}
          </>
        )}
      />
      <Segmented value={filter} onChange={(v) => setFilter(v as Filter)} options={[{ value: 'open', label: t('deliberation.topic.filterOpen') }, { value: 'all', label: t('deliberation.topic.filterAll') }]} style={{ alignSelf: 'flex-start' }} />
      {error ? <ProblemAlert error={error} testId="topic-error" /> : null}
      {topics.error ? <ProblemAlert error={topics.error} /> : null}
      {topics.isLoading && !topics.data ? <Spin /> : null}
      {topics.data && shown.length === 0 ? <Empty description={t('deliberation.topic.none')} /> : null}
      <div className="dl-topics" data-testid="topics">
        {shown.map((x) => {
          const percent = Math.min(100, Math.round((x.supportCount / Math.max(1, x.threshold)) * 100));
          const canSupport = can('topic.support') && !x.hasSupported && (x.state === 'open' || x.state === 'queued' || x.state === 'onAgenda');
          return (
            <article className="dl-topic" key={x.id} data-testid="topic">
              <Space size={6} wrap>
                <Tag color={stateColor[x.state]}>{t(`deliberation.topicState.${x.state}`)}</Tag>
                <span className="gg-muted" style={{ fontSize: 12 }}>{x.bodyName}</span>
              </Space>
              <h2 className="dl-topic-title">{x.title}</h2>
              <p className="dl-topic-desc">{x.description}</p>
              <Progress percent={percent} showInfo={false} strokeColor="#c0392b" aria-label={t('deliberation.topic.progress', { count: x.supportCount, threshold: x.threshold })} />
              <div className="dl-topic-foot">
                <span className="gg-muted" data-testid="topic-supports">{t('deliberation.topic.supports', { count: x.supportCount, threshold: x.threshold })} · {x.proposerName} · {formatDay(x.createdAt.slice(0, 10))}</span>
                {x.hasSupported ? <Tag color="green" icon={<LikeOutlined />}>{x.isMine ? t('deliberation.topic.mine') : t('deliberation.topic.youSupport')}</Tag>
                  : canSupport ? <Button type="primary" ghost icon={<LikeOutlined />} onClick={() => support(x)} data-testid="topic-support">{t('deliberation.topic.support')}</Button> : null}
              </div>
            </article>
          );
        })}
      </div>
      <Drawer open={isProposing} onClose={() => setProposing(false)} title={t('deliberation.topic.propose')} placement="bottom" size="large" styles={{ body: { paddingBottom: 24 } }}>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('deliberation.topic.topicTitle')} rules={[{ required: true, min: 4, max: 60 }]}><Input maxLength={60} showCount data-testid="topic-title" /></Form.Item>
          <Form.Item name="description" label={t('deliberation.topic.description')} rules={[{ required: true, min: 4 }]}><Input.TextArea autoSize={{ minRows: 4 }} maxLength={2000} data-testid="topic-description" /></Form.Item>
          <Button type="primary" block size="large" onClick={propose} data-testid="topic-submit">{t('deliberation.topic.submit')}</Button>
        </Form>
      </Drawer>
    </div>
  );
}
