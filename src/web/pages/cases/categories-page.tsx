import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useCategories } from './case-bits.js';
import { caseTypes, tiers, type Category, type Limit } from './types.js';
import { useSubmit } from '../../use-submit.js';

const stages = ['accept', 'dispatch', 'handle'] as const;

/** 事件分类 (/admin/categories): the two-level taxonomy with default type, tier, time limits and duplicate radius. */
export default function CategoriesPage() {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const [editing, setEditing] = useState<Category | null>(null);
  const limitText = (l: Limit) => `${l.amount} ${t(`cases.unit.${l.unit}`)}`;
  const columns: TableColumnsType<Category> = [
    { title: t('cases.categories.name'), key: 'name', render: (_: unknown, c) => <span style={{ fontWeight: c.parentId ? 400 : 600 }}>{i18n.language === 'en' ? c.nameEn : c.name}</span> },
    { title: t('cases.categories.code'), dataIndex: 'code', width: 200, render: (v: string) => <span className="gg-mono">{v}</span> },
    { title: t('cases.categories.defaultType'), dataIndex: 'defaultType', width: 90, render: (v: string, c) => (c.parentId ? t(`cases.type.${v}`) : '') },
    { title: t('cases.categories.defaultTier'), dataIndex: 'defaultTier', width: 100, render: (v: string, c) => (c.parentId ? t(`cases.tier.${v}`) : '') },
    ...stages.map((s) => ({ title: t(`cases.stage.${s}`), key: s, width: 100, render: (_: unknown, c: Category) => (c.parentId ? limitText(c.limits[s]) : '') })),
    { title: t('cases.categories.radius'), dataIndex: 'duplicateRadiusM', width: 100, render: (v: number, c) => (c.parentId ? `${v} m` : '') },
    { title: t('cases.categories.active'), dataIndex: 'isActive', width: 80, render: (v: boolean) => (v ? <Tag color="green">{t('cases.categories.on')}</Tag> : <Tag>{t('cases.categories.off')}</Tag>) },
    { title: '', key: 'edit', width: 80, render: (_: unknown, c) => <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)} aria-label={t('cases.categories.edit')}>{t('cases.categories.edit')}</Button> },
  ];
  // The tree is shown fully expanded: the export lists each group followed by its categories.
  const rows = (categories.data?.items ?? []).flatMap((g) => [g, ...(g.children ?? [])]);

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cases.categories.title')}</h1>
          <span className="gg-muted">{t('cases.categories.subtitle')}</span>
        </div>
        <ExportButton rows={rows} columns={columns.filter((c) => c.key !== 'edit')} fileName={t('cases.categories.title')} />
      </div>
      <ProblemAlert error={categories.error} />
      <Panel data-testid="category-tree">
        <Table<Category>
          rowKey="id"
          size="middle"
          loading={categories.isLoading}
          dataSource={categories.data?.items ?? []}
          pagination={false}
          expandable={{ childrenColumnName: 'children', defaultExpandAllRows: true }}
          scroll={{ x: 1000 }}
          columns={columns}
        />
      </Panel>
      <EditCategory
        category={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          categories.reload();
        }}
      />
    </div>
  );
}

type Values = Pick<Category, 'name' | 'nameEn' | 'defaultType' | 'defaultTier' | 'duplicateRadiusM' | 'isActive'> & Record<(typeof stages)[number], Limit>;

function EditCategory({ category, onClose, onSaved }: { category: Category | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [messageApi, holder] = message.useMessage();
  const isLeaf = Boolean(category?.parentId);
  const { run: save, error, isBusy: busy } = useSubmit(async (v: Values) => {
    if (!category) return;
    const body = isLeaf ? { name: v.name, nameEn: v.nameEn, defaultType: v.defaultType, defaultTier: v.defaultTier, accept: v.accept, dispatch: v.dispatch, handle: v.handle, duplicateRadiusM: v.duplicateRadiusM, isActive: v.isActive } : { name: v.name, nameEn: v.nameEn, isActive: v.isActive };
    await api(`/api/cases/categories/${category.id}`, { method: 'PATCH', body });
    void messageApi.success(t('cases.categories.saved'));
    onSaved();
  });
  return (
    <>
      {holder}
      <Modal
        open={Boolean(category)}
        title={t('cases.categories.editTitle', { name: category?.name })}
        onCancel={onClose}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okText={t('cases.common.save')}
        cancelText={t('cases.common.cancel')}
        destroyOnHidden
        width={620}
      >
        {category && (
          <Form form={form} layout="vertical" initialValues={{ ...category, ...category.limits }} onFinish={save}>
            <Space wrap size={[12, 0]}>
              <Form.Item name="name" label={t('cases.categories.name')} rules={[{ required: true }]}>
                <Input maxLength={50} style={{ width: 240 }} />
              </Form.Item>
              <Form.Item name="nameEn" label={t('cases.categories.nameEn')} rules={[{ required: true }]}>
                <Input maxLength={100} style={{ width: 260 }} />
              </Form.Item>
            </Space>
            {isLeaf && (
              <>
                <Space wrap size={[12, 0]}>
                  <Form.Item name="defaultType" label={t('cases.categories.defaultType')}>
                    <Select options={caseTypes.map((v) => ({ value: v, label: t(`cases.type.${v}`) }))} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="defaultTier" label={t('cases.categories.defaultTier')}>
                    <Select options={tiers.map((v) => ({ value: v, label: t(`cases.tier.${v}`) }))} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="duplicateRadiusM" label={t('cases.categories.radius')}>
                    <InputNumber min={0} max={5000} addonAfter="m" style={{ width: 140 }} />
                  </Form.Item>
                </Space>
                {stages.map((s) => (
                  <Space key={s} size={8} align="end">
                    <Form.Item name={[s, 'amount']} label={t('cases.categories.limitOf', { stage: t(`cases.stage.${s}`) })} rules={[{ required: true }]}>
                      <InputNumber min={0.5} max={365} step={0.5} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[s, 'unit']}>
                      <Select aria-label={t('cases.form.unit')} options={(['workingHours', 'workingDays'] as const).map((u) => ({ value: u, label: t(`cases.unit.${u}`) }))} style={{ width: 120 }} />
                    </Form.Item>
                  </Space>
                ))}
              </>
            )}
            <Form.Item name="isActive" label={t('cases.categories.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <p className="gg-muted" style={{ fontSize: 12 }}>
              {t('cases.categories.keepsLimits')}
            </p>
          </Form>
        )}
        <ProblemAlert error={error} />
      </Modal>
    </>
  );
}
