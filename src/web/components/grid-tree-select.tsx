import { TreeSelect } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type GridNode, type Page } from '../api.js';

interface Props {
  /** Controlled by the caller or, inside an antd Form.Item, by the form (which passes both). */
  value?: string;
  onChange?(value: string | undefined): void;
  /** Called once with the viewer's scope roots (to pick a default). */
  onRoots?(roots: GridNode[]): void;
  /** With no value yet, chooses the viewer's first scope root once the roots arrive (a form's default place). */
  pickFirstRoot?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  'aria-label'?: string;
}

interface Option {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

function toOption(node: GridNode, parentId: string | null): Option {
  return { id: node.id, pId: parentId, value: node.id, title: node.name, isLeaf: node.level === 'stairwell' || node.childCount === 0 };
}

/** A grid picker over the viewer's scope that loads children as branches open. */
export function GridTreeSelect({ value, onChange, onRoots, pickFirstRoot, allowClear = true, placeholder, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Option[]>([]);

  useEffect(() => {
    let isCurrent = true;
    api<{ items: GridNode[] }>('/api/grids/roots')
      .then((roots) => {
        if (!isCurrent) return;
        setOptions(roots.items.map((r) => toOption(r, null)));
        onRoots?.(roots.items);
        if (pickFirstRoot && value === undefined && roots.items[0]) onChange?.(roots.items[0].id);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
    // roots load once per mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const loadData = useCallback(async (node: { id?: string; value?: unknown }) => {
    const parentId = String(node.value ?? node.id);
    const page = await api<Page<GridNode>>(`/api/grids/${parentId}/children`, { query: { limit: 500 } });
    setOptions((previous) => {
      const known = new Set(previous.map((o) => o.id));
      return [...previous, ...page.items.filter((c) => !known.has(c.id)).map((c) => toOption(c, parentId))];
    });
  }, []);

  const treeData = useMemo(() => options, [options]);
  return (
    <TreeSelect
      id={id}
      aria-label={rest['aria-label']}
      treeDataSimpleMode
      treeData={treeData}
      loadData={loadData}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={placeholder ?? t('grid.pick')}
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
