import type { Me } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Button, Menu, MenuItem, MenuTrigger, Popover, Separator } from 'react-aria-components';
import { Icon } from '../components/Icon.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { initials } from '../lib/labels.ts';
import { useChangeLanguage } from '../session/use-change-language.ts';
import { useLogout } from '../session/use-logout.ts';

/** The user's menu in the header: my account, the other language, log out. */
export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const logout = useLogout();
  const other = currentLanguage() === 'fr' ? 'en' : 'fr';
  const onAction = (key: string | number) => {
    if (key === 'language') void changeLanguage(other).catch(() => undefined);
    if (key === 'logout') logout.mutate();
  };
  return (
    <MenuTrigger>
      <Button className="user-menu__button">
        <span className="avatar" aria-hidden="true">
          {initials(me.displayName)}
        </span>
        <span className="visually-hidden">{t('nav.userMenu')} </span>
        <span className="user-menu__name">{me.displayName}</span>
        <Icon name="chevronDown" className="user-menu__chevron" />
      </Button>
      <Popover placement="bottom end" className="popover">
        <Menu className="menu" onAction={onAction}>
          <MenuItem id="account" href="/compte" className="menu__item" textValue={t('nav.account')}>
            <Icon name="user" />
            {t('nav.account')}
          </MenuItem>
          <MenuItem id="language" className="menu__item" textValue={t('language.other')}>
            <Icon name="globe" />
            <span lang={other}>{t('language.other')}</span>
          </MenuItem>
          <Separator className="menu__separator" />
          <MenuItem id="logout" className="menu__item" textValue={t('nav.logout')}>
            <Icon name="logout" />
            {t('nav.logout')}
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
