/** Calendar owners used by the detection scenarios. */
export const jane = { owner: ['Jane Doe'], ownerEmail: 'jane.doe@gmail.com', tz: 'America/New_York' };
export const lukas = {
  owner: ['Lukas Schneider'],
  ownerEmail: 'lukas.schneider@gmx.de',
  tz: 'Europe/Berlin',
};
export const camille = {
  owner: ['Camille Laurent'],
  ownerEmail: 'camille.laurent@outlook.fr',
  tz: 'Europe/Paris',
};
export const lucia = {
  owner: ['Lucía Fernández'],
  ownerEmail: 'lucia.fernandez@hotmail.es',
  tz: 'Europe/Madrid',
};
export const joao = { owner: ['João Silva'], ownerEmail: 'joao.silva@gmail.com', tz: 'America/Sao_Paulo' };
export const priya = { owner: ['Priya Raman'], ownerEmail: 'priya.raman@outlook.com', tz: 'Asia/Kolkata' };
export const marcus = { owner: ['Marcus Webb'], ownerEmail: 'marcus@webb.dev', tz: 'America/Los_Angeles' };
export const emily = { owner: ['Emily Carter'], ownerEmail: 'emily.carter@icloud.com', tz: 'Europe/London' };
/** A job seeker reading invites on their current employer's Outlook. */
export const chris = {
  owner: ['Chris Nolan'],
  ownerEmail: 'chris.nolan@contoso-retail.com',
  tz: 'America/New_York',
};
/** Employees who interview others at their own company. */
export const daniel = {
  owner: ['Daniel Kim'],
  ownerEmail: 'daniel.kim@northwind.io',
  tz: 'America/Los_Angeles',
};
export const sabine = {
  owner: ['Sabine Krüger'],
  ownerEmail: 'sabine.krueger@fraunhofer-digital.de',
  tz: 'Europe/Berlin',
};
export const ana = { owner: ['Ana Gómez'], ownerEmail: 'ana.gomez@cabify.com', tz: 'Europe/Madrid' };
export const hugo = { owner: ['Hugo Bernard'], ownerEmail: 'hugo.bernard@backmarket.fr', tz: 'Europe/Paris' };
export const rafael = {
  owner: ['Rafael Costa'],
  ownerEmail: 'rafael.costa@ifood.com.br',
  tz: 'America/Sao_Paulo',
};
/** Candidates in more languages and on more kinds of personal address. */
export const sanne = {
  owner: ['Sanne de Vries'],
  ownerEmail: 'sanne.devries@gmail.com',
  tz: 'Europe/Amsterdam',
};
export const tomasz = { owner: ['Tomasz Nowak'], ownerEmail: 'tomasz.nowak@wp.pl', tz: 'Europe/Warsaw' };
export const giulia = { owner: ['Giulia Rossi'], ownerEmail: 'giulia.rossi@libero.it', tz: 'Europe/Rome' };
/** A personal address at a provider the free-mail list may not know. */
export const kenji = {
  owner: ['Kenji Watanabe'],
  ownerEmail: 'kenji.watanabe@yahoo.co.jp',
  tz: 'Asia/Tokyo',
};
export const samuel = {
  owner: ['Samuel Okoro'],
  ownerEmail: 'sam.okoro@btinternet.com',
  tz: 'Europe/London',
};
/** A designer on a personal vanity domain. */
export const leah = { owner: ['Leah Marsh'], ownerEmail: 'hello@leahmarsh.design', tz: 'America/Chicago' };
/** A postdoc on the academic job market, on her university address. */
export const adaeze = { owner: ['Adaeze Okafor'], ownerEmail: 'aokafor@umich.edu', tz: 'America/New_York' };
/** Faculty who sit on a search committee. */
export const ravi = {
  owner: ['Ravi Mehta'],
  ownerEmail: 'rmehta@econ.berkeley.edu',
  tz: 'America/Los_Angeles',
};
