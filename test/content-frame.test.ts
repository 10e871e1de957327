/**
 * The frame chapters (scope, general rules, contact, staff, closing), the approval page and the
 * ouderbrief: for each area of issues 13 and 14 a school that chose it, built through the real
 * pipeline (answers → assemble → Markdown, companions), and the sentence that decides it.
 */
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/library/load.js';
import { renderJob } from '../src/build/job.js';
import type { Values } from '../src/answers/schema.js';

const library = loadLibrary();
const base: Values = { naam: 'De Linde', plaats: 'Zwolle', bestuur: 'Stichting Primair', datum: '2026-12-01' };

/** The protocol and its companions in Markdown, one line per paragraph (Markdown wraps nothing). */
function build(values: Values) {
  const rendered = renderJob({ label: 'test', values: { ...base, ...values } }, library);
  const companion = (id: string) => rendered.companions.find((c) => c.id === id)?.markdown ?? '';
  return { protocol: rendered.markdown, ouderbrief: companion('ouderbrief'), companions: rendered.companions.map((c) => c.id) };
}

/** The text of one chapter ("## 8 ..." up to the next "## "). */
function chapterOf(markdown: string, title: string): string {
  const start = markdown.indexOf(`## `, markdown.search(new RegExp(`^## \\d+ ${title}`, 'm')));
  const rest = markdown.slice(start + 3);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('area 4: parents\' own group apps', () => {
  it('a class parent runs the group with the school\'s rules, briefs new members, no complaints, no photos without agreement', () => {
    const { protocol, ouderbrief } = build({ oudergroepen: 'klassenouder' });
    expect(protocol).toContain('Per groep kan de klassenouder, in overleg met de leerkracht, een groepsapp maken');
    expect(protocol).toContain('geeft elke nieuwe deelnemer deze afspraken mee');
    expect(protocol).toContain('klachten of zorgen over leerlingen, ouders/verzorgers of medewerkers horen er niet in');
    expect(protocol).toContain('Wat in de groep is gedeeld, stuurt niemand door buiten de groep');
    expect(protocol).toContain('Zo\'n groepsapp is geen kanaal van de school');
    expect(ouderbrief).toContain('is geen kanaal van de school');
  });
  it('staff join or not, as the school chose', () => {
    expect(build({ groepsapps: 'ouders-zelf' }).protocol).toContain('Of een medewerker meedoet in een groepsapp die ouders/verzorgers zelf hebben gemaakt, beslist hij zelf.');
    expect(build({ groepsapps: 'alleen-school' }).protocol).toContain('doen niet mee in groepsapps die ouders/verzorgers zelf maken');
  });
  it('a teacher-run group says how the exposed numbers and the private phone are handled', () => {
    const { protocol } = build({ groepsapps: 'klassengroep' });
    expect(protocol).toContain('In een gewone groepsapp ziet iedere deelnemer de telefoonnummers van alle anderen');
    expect(protocol).toContain('de leerkracht gebruikt een telefoon en telefoonnummer van de school, niet een privételefoon');
    const option = library.questions.find((q) => q.id === 'groepsapps')?.choices?.find((c) => c.value === 'klassengroep');
    expect(option?.label).toContain('niet aanbevolen');
  });
});

describe('area 7: e-mail and messaging', () => {
  it('names channels, response time, tone, out of hours, no complaints by e-mail chains, bcc', () => {
    const { protocol } = build({ reactietijd: 'drie-werkdagen', buiten_werktijd: 'schooldagen' });
    expect(protocol).toContain('een medewerker beantwoordt een bericht binnen drie werkdagen');
    expect(protocol).toContain('een bericht is kort, zakelijk en vriendelijk');
    expect(protocol).toContain('versturen berichten op schooldagen tussen 7.30 en 18.00 uur');
    expect(protocol).toContain('een klacht of een meningsverschil handelt de school niet af in een reeks e-mails of berichten');
    expect(protocol).toContain('met de adressen in de bcc');
    expect(build({}).protocol).toContain('Buiten werktijd, in het weekend en in de vakanties verwacht niemand een antwoord van hen');
  });
  it('pupils\' school e-mail', () => {
    expect(build({ leerlingmail: 'intern' }).protocol).toContain('Daarmee mailen zij alleen binnen de school, met hun leerkracht en hun klasgenoten, en alleen over schoolwerk.');
    expect(build({ leerlingmail: 'geen' }).protocol).toContain('Leerlingen hebben geen e-mailadres van school.');
  });
});

describe('area 11: scope and organisation', () => {
  it('a kindcentrum with preschool and after-school care', () => {
    const { protocol, ouderbrief } = build({ organisatie: 'kindcentrum' });
    expect(ouderbrief).toContain('Voor de kinderen in de voorschool en de buitenschoolse opvang vraagt de kinderopvang zelf toestemming.');
    expect(protocol).toContain('De Linde is een kindcentrum: school, voorschool en buitenschoolse opvang werken in één huis samen.');
    expect(protocol).toContain('ook om de pedagogisch medewerkers');
    expect(protocol).toContain('vraagt zelf toestemming voor beeldmateriaal van de kinderen in de opvang');
    expect(protocol).toContain('Die legt het protocol voor de opvang voor aan de oudercommissie; de instemming van de medezeggenschap hieronder geldt voor de school.');
  });
  it('one school\'s annex to a board protocol', () => {
    expect(build({ organisatie: 'bijlage' }).protocol).toContain('Dit document is de uitwerking voor De Linde van het protocol sociale media van Stichting Primair.');
  });
  it('refers to the privacy statement instead of repeating the rules', () => {
    expect(build({ privacyregels: 'verwijzen' }).protocol).toContain('Dit protocol herhaalt de algemene privacyregels niet.');
  });
  it('online conduct counts as conduct as a pupil of the school', () => {
    expect(build({}).protocol).toContain('telt als gedrag van een leerling van de school');
  });
});

describe('area 13: the parent app as the school\'s channel', () => {
  it('named by the school, the one channel, parents may not post in the group, the same rules without exception', () => {
    const { protocol, ouderbrief } = build({ ouderapp: 'binnen', ouderapp_naam: 'Parro', ouderapp_rol: 'hoofdkanaal', ouderapp_ouders: 'berichten' });
    expect(protocol).toContain('De ouderapp van de school is Parro.');
    expect(protocol).toContain('**Parro** is het vaste kanaal voor de berichten van de school en van de groep');
    expect(protocol).toContain('In Parro gelden dezelfde afspraken als overal in dit protocol, zonder uitzondering.');
    expect(protocol).toContain('ouders/verzorgers plaatsen zelf geen berichten in de groep');
    expect(protocol).toContain('niet in een reeks berichten');
    expect(ouderbrief).toContain('De school informeert u via Parro');
  });
  it('"eigen gebruiksafspraken" no longer puts the app outside the protocol (kalisto 2.3)', () => {
    const { protocol } = build({ ouderapp: 'buiten' });
    expect(protocol).toContain('gelden in de ouderapp onverkort');
    expect(protocol).not.toContain('niet van toepassing op de ouderapp');
  });
});

describe('area 10 for staff: AI', () => {
  it('AI literacy and which tools staff may use with pupil data', () => {
    expect(build({}).protocol).toContain('de Europese AI-verordening vraagt dat sinds 2 februari 2025 van organisaties die AI inzetten');
    expect(build({ ai_medewerkers: 'geen-persoonsgegevens' }).protocol).toContain('Zij voeren daarin nooit persoonsgegevens van leerlingen');
    expect(build({ ai_medewerkers: 'goedgekeurd' }).protocol).toContain('alleen in toepassingen in die Stichting Primair daarvoor heeft goedgekeurd, met een verwerkersovereenkomst');
  });
});

describe('issue 13 in the frame chapters', () => {
  it('freedom of expression is limited to what is lawful, stricter at an openbare school', () => {
    const { protocol } = build({ richting: 'openbaar' });
    expect(protocol).not.toContain('in strijd zijn met de missie en visie');
    expect(protocol).toContain('geen uitingen die de school of anderen op school ernstig schaden, of die niet te verenigen zijn met zijn werk');
    expect(protocol).toContain('In hun rol als medewerker maken zij geen propaganda voor een godsdienst');
  });
  it('no private social media during lessons, not even with the director\'s consent', () => {
    const staff = chapterOf(build({}).protocol, 'Afspraken voor medewerkers');
    expect(staff).toContain('zijn zij niet privé actief op sociale media');
    expect(staff).not.toMatch(/tenzij de directeur/);
  });
  it('no rules "medewerkers onderling", no untrue age claim, the cabinet\'s age advice', () => {
    const { protocol, ouderbrief } = build({});
    expect(protocol).not.toContain('medewerkers onderling');
    expect(protocol).not.toContain('Basisschoolleerlingen zijn jonger dan de minimumleeftijd');
    expect(protocol).toContain('sociale media zoals TikTok en Instagram pas vanaf 15 jaar');
    expect(ouderbrief).toContain('een eigen smartphone pas vanaf ongeveer groep 8');
    expect(ouderbrief).not.toContain('de minimumleeftijd aan te houden');
  });
  it('lankforst: no contact with pupils via a school account', () => {
    const { protocol } = build({ vrienden: 'schoolaccount', schoolaccount: 'open' });
    expect(protocol).toContain('Met leerlingen hebben medewerkers geen contact via sociale media, ook niet via een account van de school');
  });
  it('3.2 no reversed burden of proof; 3.5 consent by ouders met gezag', () => {
    const { protocol, ouderbrief } = build({});
    expect(protocol).not.toContain('Alleen als vaststaat dat');
    expect(protocol).toContain('Voordat de school iemand op een bericht aanspreekt, gaat zij na of het bericht echt van die persoon komt.');
    expect(protocol).toContain('Voor leerlingen jonger dan 16 jaar geven hun ouders met gezag of voogden die toestemming.');
    expect(ouderbrief).toContain('Die toestemming geeft een ouder met gezag of een voogd');
    expect(ouderbrief).toContain('Maak of deel nooit met AI gemaakte of bewerkte beelden van anderen');
  });
});

describe('the approval page and the route to the MR', () => {
  it('cites WMS art. 10 c and e, the personeelsgeleding, the outcome and the companions, for a concept', () => {
    const { protocol, ouderbrief } = build({ status: 'concept', leerlingversie: 'ja' });
    const page = protocol.slice(protocol.indexOf('## Vaststelling'), protocol.indexOf('## Bijlage'));
    expect(page).toContain('artikel 10 van de Wet medezeggenschap op scholen (WMS), onder c (het schoolreglement) en onder e (regels op het gebied van het veiligheids-, gezondheids- en welzijnsbeleid)');
    expect(page).toMatch(/Hoofdstuk \d+ en de artikelen [\d., en]+ betreffen het personeel; daarvoor is ook de instemming van de personeelsgeleding van de MR nodig \(op grond van artikel 12 WMS\), die er apart over stemt\./);
    // The list is computed from the clauses marked `staff: true`: each of those articles is named.
    const staffList = /de artikelen ([\d., en]+) betreffen het personeel/.exec(page)?.[1]?.split(/, | en /) ?? [];
    for (const title of ['Beheer', 'Foto\'s en video\'s door medewerkers', 'E-mail en berichten', 'Groepsapps met ouders/verzorgers', "'Vrienden' worden en volgen"]) {
      const number = new RegExp(`^### (\\d+\\.\\d+) ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(protocol)?.[1];
      expect(number, title).toBeDefined();
      expect(staffList, title).toContain(number);
    }
    expect(staffList).not.toContain(/^### (\d+\.\d+) Toestemming voor beeldmateriaal$/m.exec(protocol)?.[1]);
    expect(page).toContain('| Instemming van de personeelsgeleding van de MR op |');
    expect(page).toContain('| Namens de medezeggenschapsraad (MR) | Namens de personeelsgeleding van de MR |');
    expect(page).toContain('☐ instemming verleend · ☐ instemming onthouden · ☐ instemming verleend, met aanbevelingen');
    expect(page).not.toContain('onder voorwaarden');
    expect(page).toContain('met als bijbehorende documenten de leerlingversie, de brief aan ouders/verzorgers en het toestemmingsformulier voor beeldmateriaal');
    expect(page).toContain('| Evaluatie | twee jaar na vaststelling |');
    expect(page).toContain('| Mandaat | …………………………');
    // The letter of a concept does not ask for consent under a policy that is not adopted.
    expect(ouderbrief).toContain('vraagt de school u nu nog niet om toestemming onder de nieuwe afspraken');
    expect(ouderbrief).not.toContain('Wilt u het invullen en inleveren');
  });
  it('counts the evaluation from the vaststelling and names the mandate', () => {
    const { protocol, ouderbrief } = build({ status: 'vastgesteld', instemming: '2026-11-20', datum: '2026-12-01', mandaat: 'het managementstatuut van Stichting Primair' });
    expect(protocol).toContain('| Evaluatie | uiterlijk december 2028 (twee jaar na vaststelling) |');
    expect(protocol).toContain('| Besluit van de MR | instemming verleend |');
    expect(protocol).toContain('| Instemming van de personeelsgeleding van de MR op | 20 november 2026 |');
    expect(build({ status: 'vastgesteld', instemming: '2026-11-20', instemming_personeel: '2026-11-27' }).protocol).toContain('| Instemming van de personeelsgeleding van de MR op | 27 november 2026 |');
    expect(protocol).toContain('| Mandaat | op grond van het managementstatuut van Stichting Primair |');
    expect(protocol).toContain('Namens het bevoegd gezag (Stichting Primair)');
    expect(ouderbrief).toContain('Wilt u het invullen en inleveren bij de leerkracht?');
  });
  it('a board-wide protocol goes to the GMR and the bestuurder signs', () => {
    const { protocol } = build({ raad: 'GMR', ondertekening: 'bestuurder' });
    expect(protocol).toContain('daarom stemt de GMR in');
    expect(protocol).toContain('| Functie | bestuurder | voorzitter GMR |');
    const kalisto = library.presets.find((p) => p.id === 'kalisto')?.keuzes;
    const lauwers = library.presets.find((p) => p.id === 'lauwers-eems')?.keuzes;
    for (const preset of [kalisto, lauwers]) {
      expect(preset?.raad).toBe('GMR');
      expect(preset?.bestuur).toBeTruthy();
      expect(preset?.ondertekening).toBe('bestuurder');
    }
  });
  it('the source table only when asked', () => {
    expect(build({}).protocol).not.toContain('### Bronnen per artikel');
    expect(build({ bijlage: 'bronnen' }).protocol).toContain('### Bronnen per artikel');
  });
});

describe('a board-wide protocol names no single school\'s channels (second readers, item 28)', () => {
  it('each school names its accounts and parent app in its schoolgids', () => {
    const { protocol } = build({ raad: 'GMR', schoolaccount: 'open', ouderapp: 'binnen', ouderapp_naam: 'Social Schools' });
    expect(protocol).toContain('Elke school noemt in haar schoolgids welke accounts zij heeft; de regels van dit protocol gelden voor al die accounts.');
    expect(protocol).toContain('noemt in haar schoolgids welke ouderapp zij gebruikt');
    expect(protocol).not.toContain('De ouderapp van de school is Social Schools');
  });
});
