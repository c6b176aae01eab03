import { Breadcrumb, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GridLevel, GridNode } from '../api.js';

export const levelColors: Record<GridLevel, string> = {
  city: '#a8071a',
  subdistrict: '#d4380d',
  community: '#d46b08',
  compound: '#389e0d',
  building: '#0958d9',
  stairwell: '#531dab',
};

/** Darker shades of the same hues for text on a tag, readable at 4.5:1 (WCAG AA). */
const levelTextColors: Record<GridLevel, string> = {
  city: '#a8071a',
  subdistrict: '#ad2102',
  community: '#ad4e00',
  compound: '#237804',
  building: '#003eb3',
  stairwell: '#391085',
};

export function LevelTag({ level }: { level: GridLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={levelTextColors[level]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {t(`level.${level}`)}
    </Tag>
  );
}

/** Ancestors (those in the viewer's scope) and the grid itself, each a link to its grid page. */
export function GridBreadcrumb({ ancestors, current, linkCurrent = false, to = detailPath }: {
  ancestors: Pick<GridNode, 'id' | 'name'>[];
  current?: Pick<GridNode, 'id' | 'name'>;
  linkCurrent?: boolean;
  to?: (id: string) => string;
}) {
  const items = ancestors.map((a) => ({ key: a.id, title: <Link to={to(a.id)}>{a.name}</Link> }));
  if (current) items.push({ key: current.id, title: linkCurrent ? <Link to={to(current.id)}>{current.name}</Link> : <span>{current.name}</span> });
  return <Breadcrumb items={items} />;
}

export function detailPath(id: string): string {
  return `/grids/${id}/detail`;
}

export function mapPath(id: string): string {
  return `/grids/${id}`;
}

/** Area in the unit a reader expects: square metres for a compound, square kilometres for a town. */
export function useFormatArea(): (areaM2: number | null | undefined) => string {
  const { t, i18n } = useTranslation();
  return (areaM2) => {
    if (areaM2 == null) return '—';
    const format = (value: number, digits: number) => value.toLocaleString(i18n.language, { maximumFractionDigits: digits });
    return areaM2 >= 1_000_000 ? t('unit.km2', { value: format(areaM2 / 1_000_000, 2) }) : t('unit.m2', { value: format(areaM2, 0) });
  };
}
