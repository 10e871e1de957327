/**
 * The pupils' content (issues 13 and 14): devices, network and accounts, AI for pupils, the
 * incidents chapter, named contacts and the leerlingversie. Each area: a school that chose an
 * option, built through the real library, assemble and Markdown renderer, and the sentence that
 * decides it. Then facts as phrases that must or must not appear in the six built presets.
 */
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { type Values } from '../src/answers/schema.js';
import { assemble, type Protocol } from '../src/assemble/assemble.js';
import { assembleCompanions, companionMarkdown } from '../src/companions/index.js';
import { loadLibrary } from '../src/library/load.js';
import { lintLibrary } from '../src/lint/lint.js';
import { renderMarkdown } from '../src/render/markdown.js';

const library = loadLibrary();
const identity: Values = { naam: 'Basisschool De Regenboog', bestuur: 'Stichting Voorbeeld Onderwijs', plaats: 'Utrecht', versie: '1.0', datum: '2026-12-02' };

/** Text without line breaks, for sentences that wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

function school(values: Values) {
  const protocol = assemble(completeAnswers(library, { ...identity, ...values }), library);
  const companions = assembleCompanions(protocol, library);
  const pupils = companions.find((c) => c.id === 'leerlingversie');
  return {
    protocol,
    md: flat(renderMarkdown(protocol, library)),
    pupils: pupils ? flat(companionMarkdown(pupils, protocol)) : '',
    article: (clause: string) => flat(article(protocol, clause)),
  };
}

function article(protocol: Protocol, clause: string): string {
  const found = protocol.chapters.flatMap((c) => c.articles).find((a) => a.clause === clause);
  if (!found) throw new Error(`${clause} is not in the protocol`);
  return found.text;
}

const presets = library.presets.map((p) => ({ id: p.id, ...school(p.keuzes) }));

describe('devices (area 5)', () => {
  it('smartwatches and trackers follow the phone rule, or a simple tracker may stay in the bag', () => {
    expect(school({ wearables: 'als-telefoon' }).article('leerlingen.wearables')).toContain('gelden ook voor smartwatches, gps-horloges, trackers en andere apparaten');
    const tracker = school({ wearables: 'tracker-tas' });
    expect(tracker.article('leerlingen.wearables')).toContain('Een eenvoudige gps-tracker zonder camera, microfoon en berichten mag aan blijven in de tas');
    expect(tracker.pupils).toContain('Ook voor een gps-horloge gelden deze afspraken. Een kleine gps-tracker zonder camera en microfoon mag in je tas.');
  });

  it('says where handed-in devices are kept and whether that place is locked', () => {
    expect(school({ apparaten_bewaren: 'afgesloten' }).article('leerlingen.bewaren')).toContain('op een afgesloten plek in de klas');
    expect(school({ apparaten_bewaren: 'klas' }).article('leerlingen.bewaren')).toContain('Die plek is niet afgesloten');
    expect(school({ apparaten_bewaren: 'centraal' }).article('leerlingen.bewaren')).toContain('een afgesloten kast bij de administratie of de directeur');
  });

  it('never excludes the liability the school has for its own care of a handed-in device', () => {
    const own = school({ aansprakelijkheid: 'eigen-risico' }).article('leerlingen.aansprakelijkheid');
    expect(own).toContain('op eigen risico');
    expect(own).toContain('behalve als de school die zelf heeft veroorzaakt');
    expect(own).toContain('raadt de school aan die thuis te laten');
    expect(school({ aansprakelijkheid: 'school-bij-inleveren' }).article('leerlingen.aansprakelijkheid')).toContain('dan vergoedt de school de schade');
  });

  it('keeps every exception of the national agreement, in the protocol and for the pupils, and calls home go via the school', () => {
    for (const telefoon of ['inleveren', 'in-tas', 'thuis']) {
      const s = school({ telefoon });
      expect(s.article('leerlingen.telefoon')).toContain('om medische redenen of vanwege een beperking');
      expect(s.article('leerlingen.telefoon')).toContain('Moet een leerling onder schooltijd naar huis bellen, dan kan dat met een telefoon van de school');
      expect(s.pupils).toContain('vanwege een beperking');
      expect(s.pupils).toContain('Bellen met thuis gaat onder schooltijd via de telefoon van school.');
    }
  });

  it("staff's own phones during lessons", () => {
    expect(school({ telefoon_medewerkers: 'weg' }).article('onderwijs.telefoon-medewerkers')).toContain('Zij gebruiken hun eigen telefoon niet in de klas');
    expect(school({ telefoon_medewerkers: 'alleen-werk' }).article('onderwijs.telefoon-medewerkers')).toContain('alleen voor schooltaken');
  });
});

describe('network, accounts and filtering (area 6)', () => {
  it('a separate pupil network and when it is on', () => {
    expect(school({ netwerk: 'apart-schooltijd' }).article('veiligheid.netwerk')).toContain('Het leerlingennetwerk staat alleen onder schooltijd aan.');
    expect(school({ netwerk: 'apart' }).article('veiligheid.netwerk')).toContain('staat ook buiten schooltijd aan');
    expect(school({ netwerk: 'een' }).article('veiligheid.netwerk')).toContain('Medewerkers en leerlingen werken op hetzelfde netwerk.');
  });

  it('filters and safe search, or supervision instead', () => {
    expect(school({ filter: 'filter-zoeken' }).article('veiligheid.filter')).toContain('Zoekmachines staan op veilig zoeken.');
    expect(school({ filter: 'filter' }).article('veiligheid.filter')).not.toContain('veilig zoeken');
    expect(school({ filter: 'toezicht' }).article('veiligheid.filter')).toContain('De school filtert internet niet.');
  });

  it("names the pupils' school account, and deletes it when a pupil leaves", () => {
    expect(school({ leerlingaccounts: 'google' }).article('veiligheid.accounts')).toContain('Google Workspace for Education-account van de school');
    expect(school({ leerlingaccounts: 'microsoft' }).article('veiligheid.accounts')).toContain('verwijdert de school het account');
    expect(school({ leerlingaccounts: 'leermiddelen' }).article('veiligheid.accounts')).toContain('geen e-mail- of cloudaccount');
  });

  it('says what is logged and how pupils and parents are told; screens only in a lesson and announced', () => {
    const logging = school({ monitoring: 'logging' });
    expect(logging.article('veiligheid.monitoring')).toContain('Leerlingen en ouders/verzorgers horen dit alles via dit protocol en de privacyverklaring van de school.');
    expect(logging.article('veiligheid.monitoring')).not.toContain('klassensoftware');
    const meekijken = school({ monitoring: 'meekijken' });
    expect(meekijken.article('veiligheid.monitoring')).toContain('de leerkracht zegt het aan het begin van zo\'n les');
    expect(meekijken.pupils).toContain('Soms kijkt je juf of meester in de les mee op jouw scherm.');
  });

  it('what pupils never share, never meeting online contacts, and no downloads without the teacher', () => {
    const s = school({});
    expect(s.article('leerlingen.contact')).toContain('zij spreken nooit af met iemand die zij alleen van internet kennen');
    expect(s.article('leerlingen.contact')).toContain('delen online nooit hun adres, telefoonnummer, wachtwoord');
    expect(s.article('leerlingen.acceptabel')).toContain('zonder toestemming van de leerkracht apps, programma\'s of bestanden te downloaden');
    expect(s.pupils).toContain('Wij spreken nooit af met iemand die we alleen online kennen.');
  });
});

describe('incidents step by step (area 8)', () => {
  it('nude images: staff never copy, forward, screenshot or keep them, and say what to do instead', () => {
    for (const politie of ['altijd-overleg', 'bij-ernst']) {
      const text = school({ politie }).article('incidenten.naaktbeelden');
      expect(text).toContain('Zij kopiëren, downloaden, bewaren of versturen de beelden nooit en maken er geen schermafbeelding van, ook niet als bewijs');
      expect(text).toContain('Zij schrijven in woorden op wat er is gebeurd');
      expect(text).toContain('Helpwanted (helpwanted.nl)');
    }
    expect(school({ politie: 'altijd-overleg' }).article('incidenten.naaktbeelden')).toContain('De directeur neemt bij elk incident met seksuele beelden van een leerling contact op met de politie');
    expect(school({ politie: 'bij-ernst' }).article('incidenten.naaktbeelden')).toContain('als er sprake is van dwang, afpersing of bedreiging, als er een volwassene bij betrokken is of als de beelden verder zijn verspreid');
  });

  it('sextortion and grooming always go to the police; fake accounts and hacked accounts have their steps', () => {
    const s = school({});
    expect(s.article('incidenten.afpersing')).toContain('dan schakelt de directeur altijd de politie in');
    expect(s.article('incidenten.afpersing')).toContain('niet te betalen en niets meer te sturen');
    expect(s.article('algemeen.nepaccounts')).toContain('zij meldt het account bij het platform met het verzoek het te verwijderen');
    expect(s.article('incidenten.account')).toContain('wijzigt de gebruiker of de beheerder het wachtwoord, vanaf een ander apparaat');
  });

  it('a data breach: at once to the FG, within 72 hours to the Autoriteit Persoonsgegevens, a register', () => {
    const text = school({}).article('incidenten.datalek');
    expect(text).toContain('meldt het meteen, nog dezelfde dag, bij de directeur en bij de functionaris gegevensbescherming (FG)');
    expect(text).toContain('Zo snel mogelijk en uiterlijk 72 uur nadat het datalek is ontdekt, meldt Stichting Voorbeeld Onderwijs het bij de Autoriteit Persoonsgegevens');
    expect(text).toContain('(artikel 33 AVG)');
    expect(text).toContain('register van datalekken');
  });

  it('names the contacts when the school fills them in, and only the function when it does not', () => {
    const named = school({ antipestcoordinator: 'Anna de Vries', vertrouwenspersoon: 'Jan Bakker', privacy_contact: 'P. Jansen (fg@voorbeeld.nl)' });
    expect(named.article('melden.melden')).toContain('de antipestcoördinator (Anna de Vries), de vertrouwenspersoon (Jan Bakker) of de directeur');
    expect(named.article('veiligheid.klimaat')).toContain('de school heeft een antipestcoördinator (Anna de Vries), die het beleid tegen pesten coördineert');
    expect(named.article('incidenten.datalek')).toContain('privacycontactpersoon (P. Jansen (fg@voorbeeld.nl))');
    expect(named.pupils).toContain('de antipestcoördinator, Anna de Vries: die helpt als er gepest wordt');
    const unnamed = school({});
    expect(unnamed.article('melden.melden')).toContain('de antipestcoördinator, de vertrouwenspersoon of de directeur');
    expect(unnamed.md).not.toContain('()');
  });

  it('the referrals with their numbers, the meldcode and Veilig Thuis', () => {
    const text = school({}).article('incidenten.hulp');
    for (const phrase of ['0800-0432', 'helpwanted.nl', 'Veilig Thuis**: 0800-2000', '112 bij spoed, anders 0900-8844']) expect(text).toContain(phrase);
    expect(school({}).article('incidenten.meldcode')).toContain('de meldcode huiselijk geweld en kindermishandeling');
  });
});

describe('generative AI for pupils (area 10)', () => {
  it('follows the school: not at all, only guided in a lesson, or on their own from groep 7', () => {
    expect(school({ ai_leerlingen: 'niet' }).article('onderwijs.ai')).toContain('Leerlingen gebruiken op school zelf geen AI-chatbots');
    expect(school({ ai_leerlingen: 'begeleid' }).article('onderwijs.ai')).toContain('alleen in een les, onder begeleiding van de leerkracht, met een toepassing die de school daarvoor heeft goedgekeurd');
    const zelf = school({ ai_leerlingen: 'zelfstandig' });
    expect(zelf.article('onderwijs.ai')).toContain('Leerlingen van groep 7 en 8 mogen een goedgekeurde toepassing ook zelfstandig voor schoolwerk gebruiken');
    expect(zelf.pupils).toContain('in groep 7 en 8 soms zonder je juf of meester erbij');
  });

  it('chatbots inside the apps pupils use', () => {
    const s = school({});
    expect(s.article('leerlingen.chatbots')).toContain('een chatbot is een computerprogramma, geen mens en geen vriend');
    expect(s.pupils).toContain('In veel apps zit een chatbot: een computer, geen vriend.');
  });
});

describe('facts in the six built presets', () => {
  it.each(presets.map((p) => [p.id, p] as const))('%s', (_id, p) => {
    // Age advice: the cabinet's guideline of June 2025, not the platforms' own minimum age.
    expect(p.md).not.toMatch(/vaak 13/);
    expect(p.md).not.toContain('raadt hun aan de minimumleeftijd van een platform aan te houden');
    expect(p.md).toContain('sociale media, zoals TikTok en Instagram, niet vóór 15 jaar');
    expect(p.md).toContain('geen eigen smartphone vóór ongeveer groep 8');
    // WhatsApp's EU minimum age (13) is not below the advice for chat apps (about 12-13): only for
    // social media is the advice stricter than the platforms' own age.
    expect(p.md).toContain('Voor sociale media is dat advies strenger dan de minimumleeftijd van de platforms zelf (meestal 13 jaar). Voor WhatsApp is de minimumleeftijd in de Europese Unie 13 jaar');
    expect(p.md).not.toContain('Dat advies is strenger dan de minimumleeftijd die de platforms zelf hanteren');
    // A device with sexual images of a pupil goes to the police, never back to the parents first;
    // a pupil who forwards such images is liable too.
    expect(p.md).toContain('de school geeft het pas terug als de politie dat heeft gezegd');
    expect(p.md).not.toContain('tot de politie of de ouders/verzorgers het ophalen');
    expect(p.md).toContain('ook een leerling vanaf 12 jaar');
    // Fake accounts: the police investigate, not the school.
    expect(p.md).not.toContain('laten onderzoeken wie het account beheert');
    expect(p.md).not.toMatch(/WhatsApp[^.]*16 jaar/);
    // Deepfakes and sexual images: never, consent or not, and a crime.
    const ai = flat(article(p.protocol, 'algemeen.ai'));
    expect(ai).toContain('artikel 139h Wetboek van Strafrecht');
    expect(ai).toContain('Die maakt, bewaart of verspreidt niemand, met of zonder toestemming; dat is strafbaar.');
    expect(ai).not.toContain('zonder toestemming met kunstmatige intelligentie');
    expect(ai).not.toContain('kan strafbaar zijn');
    // Criminal law: doxing, grooming and sextortion, with verified article numbers.
    const strafbaar = flat(article(p.protocol, 'melden.aangifte'));
    for (const phrase of ['doxing', 'artikel 285d Wetboek van Strafrecht', 'grooming', 'artikel 251 Wetboek van Strafrecht', 'sextortion']) expect(strafbaar).toContain(phrase);
    expect(strafbaar).not.toContain('248e');
    // Statutory frames.
    expect(p.md).toContain('De Wet veiligheid op school verplicht de school');
    expect(p.md).toContain('Veilig Thuis: 0800-2000');
    // Sanctions in plain Dutch, the vocabulary, and no lesson where pupils are urged onto social media.
    expect(p.md).not.toContain('gedragen zich mogelijk verwijtbaar');
    expect(p.md).not.toContain('moedigt leerlingen aan om in de lessen actief gebruik te maken van sociale media');
    expect(p.md).not.toMatch(/anti-pestcoördinator|groepsleerkracht van|schoolleiding op de hoogte/);
    // The pupils' version follows the protocol: the disability exception, and no "vaak 13".
    if (p.pupils) {
      expect(p.pupils).toContain('vanwege een beperking');
      expect(p.pupils).not.toContain('pas vanaf 13 jaar, ook WhatsApp');
      expect(p.pupils).toContain('TikTok en Instagram pas vanaf 15 jaar');
    }
  });

  it('gsv (sociale media as part of the lessons) still keeps pupils off their own accounts and names the age advice', () => {
    const gsv = presets.find((p) => p.id === 'gsv');
    const lessen = flat(article(gsv?.protocol as Protocol, 'onderwijs.lessen'));
    expect(lessen).toContain('Leerlingen maken daarvoor geen eigen account aan op een platform');
    expect(lessen).toMatch(/advies aan ouders\/verzorgers over de leeftijd voor sociale media \(artikel \d+\.\d+\)/);
  });

  it('the library still lints clean with the new questions', () => {
    expect(lintLibrary(library, { samples: 120 }).problems).toEqual([]);
  }, 120_000);
});
