import type { Locale, Profile } from '@preau/contracts';

/** What one activation letter says, per language: families get it on paper, so every word counts. */
export interface LetterText {
  title: string;
  greeting(name: string): string;
  intro(structure: string): string;
  loginLabel: string;
  codeLabel: string;
  addressLabel: string;
  stepsTitle: string;
  steps(address: string): string[];
  keepSafe: string;
  forParentOf(children: string): string;
  classLabel: string;
  profileLabel: Record<Profile, string>;
}

export const letterTexts: Record<Locale, LetterText> = {
  fr: {
    title: 'Votre compte sur l’ENT',
    greeting: (name) => `Bonjour ${name},`,
    intro: (structure) =>
      `Un compte a été créé pour vous sur l’espace numérique de travail (ENT) de ${structure}. ` +
      'Il donne accès à l’emploi du temps, au cahier de textes, à la messagerie et aux ressources de l’établissement.',
    loginLabel: 'Identifiant',
    codeLabel: 'Code d’activation',
    addressLabel: 'Adresse de l’ENT',
    stepsTitle: 'Pour commencer',
    steps: (address) => [
      `Ouvrez ${address} dans un navigateur (ordinateur, tablette ou téléphone).`,
      'Saisissez votre identifiant et, comme mot de passe, le code d’activation ci-dessus.',
      'Choisissez votre mot de passe personnel en suivant la règle affichée, puis acceptez la charte d’utilisation.',
      'Vous pouvez indiquer une adresse e-mail : elle permet de retrouver un mot de passe oublié.',
    ],
    keepSafe: 'Ce code ne sert qu’une fois. Ne le communiquez à personne. En cas de perte, adressez-vous à l’établissement.',
    forParentOf: (children) => `Responsable de : ${children}`,
    classLabel: 'Classe',
    profileLabel: {
      ELEVE: 'Élève',
      PARENT: 'Responsable',
      ENSEIGNANT: 'Enseignant',
      PERSONNEL: 'Personnel',
      COLLECTIVITE: 'Collectivité',
      INVITE: 'Invité',
    },
  },
  en: {
    title: 'Your account on the ENT',
    greeting: (name) => `Dear ${name},`,
    intro: (structure) =>
      `An account has been created for you on the digital workspace (ENT) of ${structure}. ` +
      'It gives access to the timetable, the homework book, the messaging and the school’s resources.',
    loginLabel: 'Login',
    codeLabel: 'Activation code',
    addressLabel: 'ENT address',
    stepsTitle: 'Getting started',
    steps: (address) => [
      `Open ${address} in a browser (computer, tablet or phone).`,
      'Enter your login and, as the password, the activation code above.',
      'Choose your own password following the rule shown, then accept the terms of use.',
      'You may give an e-mail address: it lets you recover a forgotten password.',
    ],
    keepSafe: 'This code works only once. Do not share it. If you lose it, ask the school.',
    forParentOf: (children) => `Parent of: ${children}`,
    classLabel: 'Class',
    profileLabel: {
      ELEVE: 'Student',
      PARENT: 'Parent',
      ENSEIGNANT: 'Teacher',
      PERSONNEL: 'Staff',
      COLLECTIVITE: 'Local authority',
      INVITE: 'Guest',
    },
  },
};
