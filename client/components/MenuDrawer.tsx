// The narrow screens' menu (App.tsx fills it), loaded the first time it opens.
import { Drawer } from 'antd';
import type { ReactNode } from 'react';

export default function MenuDrawer({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  return (
    <Drawer open={open} onClose={onClose} title={title} placement="right" size={300} data-testid="menu-drawer">
      {children}
    </Drawer>
  );
}
