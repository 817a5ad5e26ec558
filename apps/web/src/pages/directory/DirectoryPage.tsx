import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { GroupItem } from './GroupItem.tsx';
import { PersonItem } from './PersonItem.tsx';
import { SearchResults } from './SearchResults.tsx';
import { useGroupsSearch, usePeopleSearch } from './directory-queries.ts';

type DirectoryTab = 'people' | 'groups';

/** /annuaire: search people, classes and groups the user may see. */
export function DirectoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: DirectoryTab = params.get('onglet') === 'groupes' ? 'groups' : 'people';
  const [text, setText] = useState(params.get('q') ?? '');
  const typed = useDebouncedValue(text.trim(), 300);
  const q = params.get('q') ?? '';

  // The URL follows the (debounced) search, so that a result page can be shared and reloaded.
  useEffect(() => {
    if (typed === q) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (typed) next.set('q', typed);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [typed, q, setParams]);

  const people = usePeopleSearch(tab === 'people' ? q : '');
  const groups = useGroupsSearch(tab === 'groups' ? q : '');

  const selectTab = (key: DirectoryTab) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (key === 'groups') next.set('onglet', 'groupes');
        else next.delete('onglet');
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title={t('directory.title')} subtitle={<p>{t('directory.subtitle')}</p>} />
      <div className="card">
        <form
          role="search"
          className="directory-search"
          onSubmit={(event) => event.preventDefault()}
          aria-label={t('directory.searchLandmark')}
        >
          <SearchInput
            label={t('directory.search')}
            description={t('directory.searchHelp')}
            value={text}
            onChange={setText}
          />
        </form>
        <Tabs
          selectedKey={tab}
          onSelectionChange={(key) => selectTab(key === 'groups' ? 'groups' : 'people')}
          className="tabs"
        >
          <TabList aria-label={t('directory.tabs')} className="tabs__list">
            <Tab id="people" className="tabs__tab">
              {t('directory.people')}
            </Tab>
            <Tab id="groups" className="tabs__tab">
              {t('directory.groups')}
            </Tab>
          </TabList>
          <TabPanel id="people" className="tabs__panel">
            <SearchResults kind="people" q={tab === 'people' ? q : ''} query={people} renderItem={(person) => <PersonItem key={person.id} person={person} />} />
          </TabPanel>
          <TabPanel id="groups" className="tabs__panel">
            <SearchResults kind="groups" q={tab === 'groups' ? q : ''} query={groups} renderItem={(group) => <GroupItem key={group.id} group={group} />} />
          </TabPanel>
        </Tabs>
      </div>
    </>
  );
}
