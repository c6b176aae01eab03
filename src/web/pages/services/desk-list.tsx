import { Empty, List, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { useApi, type ApiState } from '../../use-api.js';

const PAGE_SIZE = 20;

type Filters = Record<string, string | undefined>;

export interface DeskListState<T, F extends Filters> {
  list: ApiState<{ items: T[]; total: number }>;
  filters: F;
  /** Changes some filters and goes back to the first page. */
  update(next: Partial<F>): void;
  page: number;
  setPage(page: number): void;
}

/** A desk tab's list: its filters and page, read from the server twenty at a time with the total. */
export function useDeskList<T, F extends Filters = Filters>(path: string): DeskListState<T, F> {
  const [filters, setFilters] = useState<F>({} as F);
  const [page, setPage] = useState(1);
  const list = useApi<{ items: T[]; total: number }>(path, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const update = (next: Partial<F>) => {
    setFilters((f) => ({ ...f, ...next }));
    setPage(1);
  };
  return { list, filters, update, page, setPage };
}

/** The cards of a desk list, with pages when the total needs more than one. */
export function DeskList<T>({ state, renderItem }: { state: Pick<DeskListState<T, Filters>, 'list' | 'page' | 'setPage'>; renderItem(item: T): ReactNode }) {
  const { list, page, setPage } = state;
  return (
    <List
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      pagination={list.data && list.data.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: list.data.total, onChange: setPage, showSizeChanger: false, size: 'small' } : false}
      renderItem={renderItem}
    />
  );
}

/** One filter of a desk list: its label is the hint shown while empty and the name read aloud. */
export function FilterSelect({ label, value, onChange, options, width = 140, isSearchable = false, testId }: {
  label: string;
  value: string | undefined;
  onChange(value: string | undefined): void;
  options: { value: string; label: string }[];
  width?: number;
  isSearchable?: boolean;
  testId: string;
}) {
  return <Select allowClear showSearch={isSearchable} optionFilterProp="label" placeholder={label} aria-label={label} value={value} onChange={(v?: string) => onChange(v)} options={options} style={{ width }} data-testid={testId} />;
}
