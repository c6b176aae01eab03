import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, buildUrl } from '../../api.js';

/** A household the search found (GET /api/fieldwork/households). */
interface Hit {
  householdId: string;
  place: string;
  headName: string | null;
  members: number;
  lastVisitedOn: string | null;
}

interface Props {
  /** Given by Form.Item, so that its label names the field. */
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Offered before anything is typed: this period's unvisited households, by their place. */
  unvisited: { householdId: string; label: string }[];
  /** The board's grid: the search looks under it. */
  gridId?: string;
  isLoading?: boolean;
}

const SEARCH_DELAY_MS = 300;

/**
 * 走访户: the unvisited households of the period to start with, and any household in scope found
 * by a resident's name, a room number or a place name as one types (a second visit, a family the
 * list did not reach), each with when it was last visited.
 */
export function HouseholdPicker({ id, value, onChange, unvisited, gridId, isLoading }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [isSearching, setSearching] = useState(false);
  // Labels of what was picked, so the chosen household keeps its name when the options change.
  const [labels, setLabels] = useState(new Map<string, string>());

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setHits(null);
      return;
    }
    let isCurrent = true;
    const timer = setTimeout(() => {
      setSearching(true);
      api<{ items: Hit[] }>(buildUrl('/api/fieldwork/households', { q, gridId, limit: 20 }))
        .then((r) => isCurrent && setHits(r.items))
        .catch(() => isCurrent && setHits([]))
        .finally(() => isCurrent && setSearching(false));
    }, SEARCH_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [text, gridId]);

  const describe = (h: Hit) =>
    [h.place || h.householdId, h.headName, h.lastVisitedOn ? t('fieldwork.visits.lastVisited', { date: h.lastVisitedOn }) : t('fieldwork.visits.neverVisited')].filter(Boolean).join(' · ');
  const options = useMemo(
    () => (hits ? hits.map((h) => ({ value: h.householdId, label: describe(h) })) : unvisited.map((u) => ({ value: u.householdId, label: u.label }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [hits, unvisited, t],
  );
  const withChosen = value && !options.some((o) => o.value === value) && labels.has(value) ? [{ value, label: labels.get(value)! }, ...options] : options;

  return (
    <Select
      id={id}
      showSearch
      allowClear
      value={value}
      filterOption={false}
      onSearch={setText}
      onChange={(next?: string) => {
        const label = withChosen.find((o) => o.value === next)?.label;
        if (next && label) setLabels((m) => new Map(m).set(next, label));
        setText('');
        onChange?.(next);
      }}
      options={withChosen}
      loading={isLoading || isSearching}
      notFoundContent={isSearching ? null : t('fieldwork.visits.noHousehold')}
      placeholder={t('fieldwork.visits.pickHousehold')}
      aria-label={t('fieldwork.visits.household')}
      data-testid="visit-household"
    />
  );
}
