// A workbook with several report sheets and none for the chosen month: the dry run answers with
// the candidate sheets (several_sheets / no_such_sheet) and the statistician picks one here; the
// check then runs again with that sheet.
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { NativeSelect } from '../components/NativeSelect';
import { t, type Lang } from '../i18n';

/** A refused dry run, with the sheets to choose from when the refusal offers them. */
export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly sheets: string[] | null,
  ) {
    super(message);
  }
}

export function SheetChoice({
  sheets,
  disabled,
  onChoose,
  lang,
}: {
  sheets: string[];
  disabled: boolean;
  onChoose: (sheet: string) => void;
  lang: Lang;
}) {
  const [sheet, setSheet] = useState(sheets[0] ?? '');
  const chosen = sheets.includes(sheet) ? sheet : (sheets[0] ?? '');
  return (
    <Flex gap="small" align="center" wrap data-testid="sheet-choice">
      <Typography.Text>{t('chooseSheet', lang)}：</Typography.Text>
      <NativeSelect
        aria-label={t('chooseSheet', lang)}
        data-testid="sheet-select"
        value={chosen}
        onChange={setSheet}
        options={sheets.map((s) => ({ value: s, label: s }))}
      />
      <Button
        type="primary"
        disabled={disabled || !chosen}
        onClick={() => onChoose(chosen)}
        data-testid="sheet-recheck"
      >
        {t('recheckSheet', lang)}
      </Button>
    </Flex>
  );
}
