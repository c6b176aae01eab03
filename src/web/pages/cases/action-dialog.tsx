import { useEffect, useState } from 'react';
import { Checkbox, Form, Input, InputNumber, Modal, Radio, Rate, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CategoryCascader, useCategories } from './case-bits.js';
import { caseTypes, tiers, type CaseDetail, type CaseSummary, type Department } from './types.js';

/** Actions whose note the server requires (a failed verification too). */
export const noteRequired = new Set(['reject', 'reportBack', 'escalate', 'suspend', 'summon', 'reopen', 'requestReturn', 'denyReturn', 'requestExtension', 'denyExtension', 'followUp', 'comment']);

interface Values {
  note?: string;
  type?: string;
  categoryId?: string;
  priority?: 'normal' | 'urgent';
  isSkippedLevel?: boolean;
  isCriminalRisk?: boolean;
  tier?: string;
  passed?: boolean;
  amount?: number;
  unit?: 'workingHours' | 'workingDays';
  intoCaseId?: string;
  departmentIds?: string[];
  feedback?: 'confirmed' | 'disputed';
  rating?: number;
}

/** A small form for one workflow action: the note and the data that action takes; sends the version read. */
export function ActionDialog({ action, c, onClose, onDone, onConflict }: { action: string | null; c: CaseDetail; onClose(): void; onDone(updated: CaseDetail): void; onConflict(error: unknown): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const passed = Form.useWatch('passed', form);
  const categories = useCategories();
  const departments = useApi<{ items: Department[] }>(action === 'summon' ? '/api/cases/departments' : null);
  const [mergeOptions, setMergeOptions] = useState<{ value: string; label: string }[]>([]);

  useEffect(() => {
    setError(null);
    form.resetFields();
    if (action === 'register') form.setFieldsValue({ type: c.type, categoryId: c.categoryId, priority: c.priority, isSkippedLevel: c.isSkippedLevel, isCriminalRisk: c.isCriminalRisk });
    if (action === 'verify') form.setFieldsValue({ passed: true });
    if (action === 'rate' || action === 'followUp') form.setFieldsValue({ feedback: 'confirmed', rating: 5 });
    if (action === 'requestExtension') form.setFieldsValue({ amount: 1, unit: 'workingDays' });
  }, [action, c, form]);

  const searchCases = async (q: string) => {
    if (q.trim().length < 2) return;
    const r = await api<Page<CaseSummary>>('/api/cases', { query: { q: q.trim(), limit: 10 } }).catch(() => ({ items: [] as CaseSummary[], total: 0 }));
    setMergeOptions(r.items.filter((x) => x.id !== c.id).map((x) => ({ value: x.id, label: `${x.number} ${x.title}` })));
  };

  const submit = async (values: Values) => {
    if (!action) return;
    setBusy(true);
    setError(null);
    const data: Record<string, unknown> = {};
    if (action === 'register') Object.assign(data, { type: values.type, categoryId: values.categoryId, priority: values.priority, isSkippedLevel: Boolean(values.isSkippedLevel), isCriminalRisk: Boolean(values.isCriminalRisk) });
    if (action === 'dispatch') data.tier = values.tier;
    if (action === 'summon') data.departmentIds = values.departmentIds;
    if (action === 'verify') data.passed = values.passed;
    if (action === 'requestExtension') Object.assign(data, { amount: values.amount, unit: values.unit });
    if (action === 'merge') data.intoCaseId = values.intoCaseId;
    if (action === 'rate' || action === 'followUp') Object.assign(data, { feedback: values.feedback, rating: values.rating });
    try {
      const updated = await api<CaseDetail>(`/api/cases/${c.id}/actions/${action}`, { method: 'POST', body: { version: c.version, note: values.note?.trim() || undefined, data: Object.keys(data).length ? data : undefined } });
      onDone(updated);
    } catch (e) {
      if ((e as { status?: number }).status === 409) onConflict(e);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const isNoteRequired = action ? noteRequired.has(action) || (action === 'verify' && passed === false) : false;
  const lowerTiers = tiers.slice(0, Math.max(0, tiers.indexOf(c.tier)));

  return (
    <Modal
      open={Boolean(action)}
      title={action ? t('cases.actionTitle', { action: t(`cases.action.${action}`), number: c.number }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('cases.common.confirm')}
      cancelText={t('cases.common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'action-submit' } as never}
      data-testid="action-dialog"
    >
      {action && <p className="gg-muted">{t(`cases.actionHelp.${action}`, { defaultValue: '' })}</p>}
      <Form form={form} layout="vertical" onFinish={submit}>
        {action === 'register' && (
          <>
            <Space wrap size={[12, 0]}>
              <Form.Item name="type" label={t('cases.field.type')} rules={[{ required: true }]}>
                <Select options={caseTypes.map((v) => ({ value: v, label: t(`cases.type.${v}`) }))} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="priority" label={t('cases.field.priority')}>
                <Radio.Group options={(['normal', 'urgent'] as const).map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))} />
              </Form.Item>
            </Space>
            <Form.Item name="categoryId" label={t('cases.field.category')} rules={[{ required: true }]}>
              <CategoryCascader categories={categories.data?.items} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="isSkippedLevel" valuePropName="checked" noStyle>
                <Checkbox>{t('cases.flags.isSkippedLevel')}</Checkbox>
              </Form.Item>
              <Form.Item name="isCriminalRisk" valuePropName="checked" noStyle>
                <Checkbox>{t('cases.flags.isCriminalRisk')}</Checkbox>
              </Form.Item>
            </Space>
          </>
        )}
        {action === 'dispatch' && (
          <Form.Item name="tier" label={t('cases.form.targetTier')} rules={[{ required: true, message: t('cases.form.targetTierRequired') }]}>
            <Radio.Group options={lowerTiers.map((v) => ({ value: v, label: t(`cases.tier.${v}`) }))} data-testid="dispatch-tier" />
          </Form.Item>
        )}
        {action === 'summon' && (
          <Form.Item name="departmentIds" label={t('cases.form.departments')} rules={[{ required: true, message: t('cases.form.departmentsRequired') }]}>
            <Select
              mode="multiple"
              loading={departments.isLoading}
              optionFilterProp="label"
              options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              data-testid="summon-departments"
              placeholder={t('cases.form.departmentsPlaceholder')}
            />
          </Form.Item>
        )}
        {action === 'verify' && (
          <Form.Item name="passed" label={t('cases.form.passed')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: t('cases.form.passedYes') },
                { value: false, label: t('cases.form.passedNo') },
              ]}
            />
          </Form.Item>
        )}
        {action === 'requestExtension' && (
          <Space.Compact>
            <Form.Item name="amount" label={t('cases.form.amount')} rules={[{ required: true }]}>
              <InputNumber min={0.5} max={365} step={0.5} />
            </Form.Item>
            <Form.Item name="unit" label={t('cases.form.unit')}>
              <Select options={(['workingHours', 'workingDays'] as const).map((u) => ({ value: u, label: t(`cases.unit.${u}`) }))} style={{ width: 120 }} />
            </Form.Item>
          </Space.Compact>
        )}
        {action === 'merge' && (
          <Form.Item name="intoCaseId" label={t('cases.form.mergeInto')} rules={[{ required: true, message: t('cases.form.mergeIntoRequired') }]}>
            <Select showSearch filterOption={false} onSearch={(q) => void searchCases(q)} options={mergeOptions} placeholder={t('cases.form.mergePlaceholder')} notFoundContent={null} />
          </Form.Item>
        )}
        {(action === 'rate' || action === 'followUp') && (
          <>
            <Form.Item name="feedback" label={t('cases.form.feedback')}>
              <Radio.Group options={(['confirmed', 'disputed'] as const).map((f) => ({ value: f, label: t(`cases.feedback.${f}`) }))} />
            </Form.Item>
            <Form.Item name="rating" label={t('cases.field.rating')}>
              <Rate allowClear={false} />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={t('cases.form.note')} rules={[{ required: isNoteRequired, whitespace: true, message: t('cases.form.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount placeholder={isNoteRequired ? t('cases.form.notePlaceholderRequired') : t('cases.form.notePlaceholder')} data-testid="action-note" />
        </Form.Item>
      </Form>
      <ProblemAlert error={error} testId="action-error" />
    </Modal>
  );
}
