import { Button, Drawer, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useSubmit } from '../../use-submit.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { unitOfKind } from './cobuild-bits.js';
import { listKinds, type ListKind } from './types.js';

/** POSTs a new record and hands its id on. */
function usePost<T>(path: string, onDone: (id: string) => void) {
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (body: T) => {
    const { id } = await api<{ id: string }>(path, { method: 'POST', body });
    onDone(id);
  });
  return { error, isSaving, submit };
}

const clean = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));

/** 发布需求: a community or grid posts what it needs. */
export function NeedForm({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(id: string): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const kind = Form.useWatch<ListKind | undefined>('kind', form);
  const { error, isSaving, submit } = usePost<Record<string, unknown>>('/api/cobuild/needs', (id) => {
    form.resetFields();
    onDone(id);
  });
  return (
    <Drawer open={open} onClose={onClose} title={t('cobuild.lists.postNeed')} size={460} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={(v) => submit(clean(v))} initialValues={{ kind: 'venue' }}>
        <Form.Item name="gridId" label={t('cobuild.lists.needPlace')} rules={[{ required: true, message: t('cobuild.common.required') }]}>
          <GridTreeSelect onChange={(v) => form.setFieldValue('gridId', v)} aria-label={t('cobuild.lists.needPlace')} />
        </Form.Item>
        <Form.Item name="kind" label={t('cobuild.lists.kind')} rules={[{ required: true }]}>
          <Select options={listKinds.map((k) => ({ value: k, label: t(`cobuild.kind.${k}`) }))} data-testid="need-kind" />
        </Form.Item>
        <Form.Item name="title" label={t('cobuild.lists.title')} rules={[{ required: true, min: 2, message: t('cobuild.common.required') }]}>
          <Input maxLength={200} data-testid="need-title" />
        </Form.Item>
        <Form.Item name="quantity" label={t('cobuild.lists.quantityIn', { unit: t(`cobuild.unit.${unitOfKind(kind ?? 'other')}`) })} rules={[{ required: true, message: t('cobuild.common.required') }]}>
          <InputNumber min={0.01} style={{ width: '100%' }} data-testid="need-quantity" />
        </Form.Item>
        <Form.Item name="deadline" label={t('cobuild.lists.deadline')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="location" label={t('cobuild.lists.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('cobuild.lists.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" loading={isSaving} block style={{ marginTop: 12 }} data-testid="need-submit">
          {t('cobuild.lists.postNeed')}
        </Button>
      </Form>
    </Drawer>
  );
}

/** 发布资源: an organisation offers a venue, funds, equipment, skills or people, with its availability. */
export function ResourceForm({ open, onClose, onDone, organizations }: { open: boolean; onClose(): void; onDone(id: string): void; organizations: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const kind = Form.useWatch<ListKind | undefined>('kind', form);
  const { error, isSaving, submit } = usePost<Record<string, unknown>>('/api/cobuild/resources', (id) => {
    form.resetFields();
    onDone(id);
  });
  return (
    <Drawer open={open} onClose={onClose} title={t('cobuild.lists.postResource')} size={460} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={(v) => submit(clean(v))} initialValues={{ kind: 'venue', organizationId: organizations.length === 1 ? organizations[0].id : undefined }}>
        <Form.Item name="organizationId" label={t('cobuild.lists.organization')} rules={[{ required: true, message: t('cobuild.common.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={organizations.map((o) => ({ value: o.id, label: o.name }))} data-testid="resource-org" />
        </Form.Item>
        <Form.Item name="kind" label={t('cobuild.lists.kind')} rules={[{ required: true }]}>
          <Select options={listKinds.map((k) => ({ value: k, label: t(`cobuild.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('cobuild.lists.title')} rules={[{ required: true, min: 2, message: t('cobuild.common.required') }]}>
          <Input maxLength={200} data-testid="resource-title" />
        </Form.Item>
        <Form.Item name="quantity" label={t('cobuild.lists.quantityIn', { unit: t(`cobuild.unit.${unitOfKind(kind ?? 'other')}`) })} rules={[{ required: true, message: t('cobuild.common.required') }]}>
          <InputNumber min={0.01} style={{ width: '100%' }} data-testid="resource-quantity" />
        </Form.Item>
        <Form.Item name="availability" label={t('cobuild.lists.availability')} extra={t('cobuild.lists.availabilityHelp')}>
          <Input maxLength={200} />
        </Form.Item>
        <div className="gg-two-cols">
          <Form.Item name="availableFrom" label={t('cobuild.lists.availableFrom')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="availableUntil" label={t('cobuild.lists.availableUntil')}>
            <Input type="date" />
          </Form.Item>
        </div>
        <Form.Item name="location" label={t('cobuild.lists.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('cobuild.lists.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" loading={isSaving} block style={{ marginTop: 12 }} data-testid="resource-submit">
          {t('cobuild.lists.postResource')}
        </Button>
      </Form>
    </Drawer>
  );
}
