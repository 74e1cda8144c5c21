// The header's plan choice, shown once there is more than one plan (loaded then: antd's Select is
// not part of the first page's JavaScript).
import { Select } from 'antd';
import { t, type Lang } from '../i18n';

export default function PlanSwitcher({
  plans,
  value,
  lang,
  onChange,
}: {
  plans: readonly { id: string; title: string; titleEn: string }[];
  value: string;
  lang: Lang;
  onChange: (id: string) => void;
}) {
  return (
    <Select
      data-testid="plan-switcher"
      aria-label={t('planSwitcher', lang)}
      value={value}
      onChange={onChange}
      style={{ maxWidth: 260 }}
      popupMatchSelectWidth={false}
      options={plans.map((p) => ({ value: p.id, label: lang === 'zh' ? p.title : p.titleEn }))}
    />
  );
}
