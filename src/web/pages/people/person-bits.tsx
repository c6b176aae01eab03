import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CareGroup, Person } from '../../api.js';

/** Dark shades of antd's orange, purple, gold and magenta: tag text readable at 4.5:1. */
const careColors: Record<CareGroup, string> = { elderlyAlone: '#ad4e00', disabled: '#531dab', lowIncome: '#876800', hardship: '#9e1068' };

export function CareGroupTags({ groups }: { groups: CareGroup[] }) {
  const { t } = useTranslation();
  return (
    <>
      {groups.map((g) => (
        <Tag key={g} color={careColors[g]} variant="outlined" style={{ marginInlineEnd: 0 }}>
          {t(`careGroup.${g}`)}
        </Tag>
      ))}
    </>
  );
}

export function PartyTag({ party }: { party: Person['partyMember'] }) {
  const { t } = useTranslation();
  if (!party) return null;
  return (
    <Tag color="red" style={{ marginInlineEnd: 0 }}>
      {t(`partyKind.${party.kind}`)}
    </Tag>
  );
}
