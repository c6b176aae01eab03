import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CareGroup, Person } from '../../api.js';

const careColors: Record<CareGroup, string> = { elderlyAlone: 'orange', disabled: 'purple', lowIncome: 'gold', hardship: 'magenta' };

export function CareGroupTags({ groups }: { groups: CareGroup[] }) {
  const { t } = useTranslation();
  return (
    <>
      {groups.map((g) => (
        <Tag key={g} color={careColors[g]} style={{ marginInlineEnd: 0 }}>
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
