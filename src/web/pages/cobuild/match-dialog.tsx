import { Form, Input, InputNumber, Modal, Progress, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useSubmit } from '../../use-submit.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { Quantity } from './cobuild-bits.js';

const reasonColor: Record<string, string> = { sameKind: 'red', relatedKind: 'orange', nearby: 'green', sameCommunity: 'green', sameSubdistrict: 'lime', availableInTime: 'blue', availableLater: 'default', enoughQuantity: 'purple', partialQuantity: 'default' };

/** How well a resource meets a need, 0–100. */
export function ScoreRing({ score }: { score: number }) {
  const { t } = useTranslation();
  return <Progress type="circle" size={48} percent={score} format={(p) => p} strokeColor={score >= 80 ? '#c0392b' : score >= 60 ? '#d48806' : '#8c8c8c'} aria-label={t('cobuild.match.score', { score })} />;
}

/** Why it matches, as tags. */
export function ReasonTags({ reasons }: { reasons: string[] }) {
  const { t } = useTranslation();
  return (
    <Space size={[4, 4]} wrap>
      {reasons.map((r) => <Tag key={r} color={reasonColor[r]} className="gg-tag">{t(`cobuild.match.reason.${r}`)}</Tag>)}
    </Space>
  );
}

/**
 * 对接: creates the project that meets a need with a resource — how much of the resource it takes,
 * a title and milestones (one per line).
 */
export function MatchDialog({ open, need, resource, onClose, onDone }: {
  open: boolean;
  need: { id: string; title: string; quantity: number; unit: string };
  resource: { id: string; title: string; organization: { name: string }; remaining: number; unit: string } | null;
  onClose(): void;
  onDone(projectId: string): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: { quantity: number; title: string; startsOn?: string; milestones?: string }) => {
    if (!resource) return;
    const milestones = (v.milestones ?? '').split('\n').map((s) => s.trim()).filter(Boolean).map((title) => ({ title }));
    const { id } = await api<{ id: string }>('/api/cobuild/projects', { method: 'POST', body: { needId: need.id, resources: [{ resourceId: resource.id, quantity: v.quantity }], title: v.title, startsOn: v.startsOn || null, milestones } });
    onDone(id);
  });
  if (!resource) return null;
  return (
    <Modal open={open} title={t('cobuild.match.create')} onCancel={onClose} onOk={() => form.submit()} okText={t('cobuild.match.confirm')} cancelText={t('cobuild.common.cancel')} confirmLoading={isSaving} destroyOnHidden>
      <p className="gg-muted">{t('cobuild.match.help', { need: need.title, resource: resource.title, org: resource.organization.name })}</p>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ quantity: Math.min(need.quantity, resource.remaining), title: need.title, milestones: t('cobuild.match.defaultMilestones') }}>
        <Form.Item name="title" label={t('cobuild.lists.projectTitle')} rules={[{ required: true, min: 2 }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="quantity" label={<span>{t('cobuild.match.quantity')} · {t('cobuild.match.remaining')} <Quantity value={resource.remaining} unit={resource.unit} /></span>} rules={[{ required: true }]}>
          <InputNumber min={0.01} max={resource.remaining} style={{ width: '100%' }} data-testid="match-quantity" />
        </Form.Item>
        <Form.Item name="startsOn" label={t('cobuild.match.startsOn')}><Input type="date" /></Form.Item>
        <Form.Item name="milestones" label={t('cobuild.match.milestones')} extra={t('cobuild.match.milestonesHelp')}><Input.TextArea rows={3} /></Form.Item>
      </Form>
      <ProblemAlert error={error} />
    </Modal>
  );
}
