import { Space } from 'antd';
import { Link, useParams } from 'react-router';
import { useKeptSearch } from '../App';
import { Receipt } from '../components/Receipt';
import { t, useLang } from '../i18n';

export default function ReceiptPage() {
  const lang = useLang();
  const keep = useKeptSearch();
  const { id = '' } = useParams();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to={`/my-reports${keep}`} className="pm-no-print">
        ← {t('myReportsTitle', lang)}
      </Link>
      <Receipt id={id} lang={lang} />
    </Space>
  );
}
