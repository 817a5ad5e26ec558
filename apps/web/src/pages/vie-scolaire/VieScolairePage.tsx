import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { DayPanel } from './DayPanel.tsx';
import { FamilyPanel } from './FamilyPanel.tsx';
import { ReasonsCard } from './ReasonsCard.tsx';
import { TeacherSessions } from './TeacherSessions.tsx';
import './vie-scolaire.css';

/** /vie-scolaire: the teacher's roll calls of the day, vie scolaire's day, or a family's absences. */
export function VieScolairePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isVieScolaire = me.profile === 'PERSONNEL' && (me.staffFunction === 'EVS' || me.staffFunction === 'DIR');
  const structureId = me.structures[0]?.id;
  return (
    <>
      <PageHeader title={t('presences.title')} subtitle={<p>{t(`presences.subtitle.${me.profile}`, { defaultValue: t('presences.subtitle.default') })}</p>} />
      <div className="stack">
        {me.profile === 'ENSEIGNANT' ? <TeacherSessions /> : null}
        {isVieScolaire && structureId ? <DayPanel structureId={structureId} /> : null}
        {isVieScolaire && structureId ? <ReasonsCard structureId={structureId} /> : null}
        {me.profile === 'ELEVE' || me.profile === 'PARENT' ? <FamilyPanel /> : null}
        {me.profile === 'PERSONNEL' && !isVieScolaire ? <p>{t('presences.notForYou')}</p> : null}
      </div>
    </>
  );
}
