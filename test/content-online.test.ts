/**
 * The school online, images and consent (issues 13 and 14, ONLINE): for each area a school that
 * chose it, with the sentence that decides it in the protocol, the consent form or the
 * Verantwoording; and facts as phrases that must or must not appear in the six built presets.
 */
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { type Values } from '../src/answers/schema.js';
import { assemble } from '../src/assemble/assemble.js';
import { assembleCompanions, companionMarkdown } from '../src/companions/index.js';
import { loadLibrary } from '../src/library/load.js';
import { renderMarkdown } from '../src/render/markdown.js';

const library = loadLibrary();
const identity: Values = { naam: 'Basisschool De Klimop', plaats: 'Zwolle', versie: '1.0', datum: '2026-12-02' };
const preset = (id: string) => library.presets.find((p) => p.id === id)?.keuzes ?? {};

/** Text without line breaks, for sentences that wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

function build(values: Values) {
  const protocol = assemble(completeAnswers(library, { ...identity, ...values }), library);
  const companions = assembleCompanions(protocol, library);
  const form = companions.find((c) => c.id === 'toestemmingsformulier');
  const markdown = renderMarkdown(protocol, library);
  return {
    protocol: flat(markdown),
    /** The articles only, without the Verantwoording (which quotes the questions' explanations). */
    articles: flat(markdown.split('## Bijlage: Verantwoording')[0] ?? ''),
    verantwoording: flat(markdown.split('## Bijlage: Verantwoording')[1] ?? ''),
    clauses: protocol.chapters.flatMap((c) => c.articles.map((a) => a.clause)),
    /** The chapters this work owns: the school on social media, images, the website and newsletter. */
    online: flat(protocol.chapters.filter((c) => ['school', 'beeld', 'website'].includes(c.id)).flatMap((c) => c.articles.map((a) => `${a.title} ${a.text}`)).join(' ')),
    form: form ? flat(companionMarkdown(form, protocol)) : '',
    rows: form ? [...companionMarkdown(form, protocol).matchAll(/^\| \*\*(.+?)\*\* – (.+?) \|/gm)].map((m) => `${m[1]}: ${m[2]}`) : [],
  };
}

describe('1. the website and the newsletter', () => {
  it('a public website says so, in the protocol and on the form', () => {
    const doc = build({ media: ['website'], website: 'openbaar' });
    expect(doc.articles).toContain('De website is openbaar: iedereen kan de pagina\'s zien, en zoekmachines kunnen ze vinden.');
    expect(doc.rows).toContain('De website van de school: Openbaar: iedereen kan het zien, ook via zoekmachines.');
  });

  it('photos behind a login are never described as public or findable', () => {
    const doc = build({ media: ['website'], website: 'achter-inlog' });
    expect(doc.articles).toContain('De openbare pagina\'s van de website tonen geen leerlingen die herkenbaar in beeld zijn.');
    expect(doc.rows).toEqual(expect.arrayContaining(['Het afgeschermde deel van de website: Alleen voor ouders/verzorgers en medewerkers, met een inlog of code.']));
    expect(doc.form).not.toMatch(/zoekmachines/);
    expect(doc.protocol).not.toMatch(/[Oo]penbaar en vindbaar via zoekmachines/);
    expect(doc.verantwoording).toContain('beeld van leerlingen staat op een deel dat alleen ouders/verzorgers en medewerkers met een inlog of code zien');
  });

  it('a school without photos on its website says that', () => {
    const doc = build({ media: ['nieuwsbrief'] });
    expect(doc.articles).toContain('Op de website van de school staat geen beeld waarop leerlingen herkenbaar zijn.');
  });

  it('the newsletter is for parents only, or public, as the school chose', () => {
    const ouders = build({ nieuwsbrief: 'ouders', media: ['nieuwsbrief'] });
    expect(ouders.articles).toContain('De nieuwsbrief is voor ouders/verzorgers en medewerkers; hij staat niet openbaar op de website.');
    expect(ouders.rows).toContain('De nieuwsbrief: Alleen voor ouders/verzorgers en medewerkers; kan wel worden doorgestuurd.');
    const openbaar = build({ nieuwsbrief: 'openbaar', media: ['nieuwsbrief'] });
    expect(openbaar.articles).toContain('staat ook op de openbare website, waar iedereen hem kan lezen');
    expect(openbaar.rows).toContain('De nieuwsbrief: Staat ook op de openbare website: iedereen kan hem lezen.');
  });

  it('who maintains the website, who supplies content and who reviews it', () => {
    expect(build({ websitebeheer: 'bestuur', bestuur: 'Stichting Vechtdal' }).articles).toContain('De website wordt technisch beheerd door Stichting Vechtdal. De school levert de berichten aan; de directeur keurt ze goed');
    expect(build({ websitebeheer: 'directeur' }).articles).toContain('De directeur houdt de website zelf bij en plaatst de berichten.');
    const some = build({ aanleveren: ['medewerkers', 'partners'] });
    expect(some.articles).toContain('Berichten voor de website en de nieuwsbrief kunnen worden aangeleverd door medewerkers en partners van de school.');
    expect(some.articles).toContain('De beheerder beoordeelt elk bericht voordat het wordt geplaatst');
    expect(some.clauses).not.toContain('website.leerlingwerk');
    expect(build({ aanleveren: ['leerlingen'] }).articles).toContain('komen via de leerkracht op de website of in de nieuwsbrief, met toestemming van de leerling zelf');
    expect(build({ aanleveren: [] }).articles).toContain('Alleen de beheerders van de website schrijven en plaatsen berichten');
  });

  it('announced in the schoolgids; an objection to one item is talked through', () => {
    const doc = build({});
    expect(doc.articles).toContain('De schoolgids noemt het adres van de website en wat daar te vinden is.');
    expect(doc.articles).toContain('De directeur bespreekt het bezwaar met de melder en past het bericht zo nodig aan of haalt het weg.');
  });
});

describe('2. consent models', () => {
  it('once at enrolment: valid for images made while at school, kept until the retention term; asked again after adoption', () => {
    const doc = build({ toestemming: 'eenmalig' });
    expect(doc.articles).toMatch(/De toestemming geldt voor beeld dat is gemaakt zolang de leerling op school zit; dat beeld blijft staan tot de termijn van artikel \d+\.\d+ voorbij is, of tot de toestemming wordt ingetrokken\./);
    expect(doc.articles).toContain('Na de vaststelling van dit protocol, en na elke wijziging die verandert hoe de school beeld gebruikt, vraagt de school de ouders met gezag of voogden van alle huidige leerlingen één keer opnieuw om toestemming, per medium.');
    expect(doc.articles).not.toContain('of totdat de leerling de school verlaat');
    expect(doc.form).toContain('Uw keuze geldt voor beeld dat wij maken zolang uw kind op school zit, tot u haar wijzigt. Verandert de school hoe zij beeld gebruikt, dan vragen wij u opnieuw.');
    expect(doc.form).not.toContain('Elk schooljaar');
  });

  it('at enrolment with a yearly reminder', () => {
    const doc = build({ toestemming: 'herinnering' });
    expect(doc.articles).toContain('Aan het begin van elk schooljaar laat de school hun zien welke keuze zij hebben gemaakt');
    expect(doc.form).toContain('Elk schooljaar laten wij u zien wat u heeft gekozen.');
    expect(doc.verantwoording).not.toContain('Zoals eenmalig');
  });

  it('yearly, in the parent app: no "valid until" next to a yearly renewal, and silence is no consent', () => {
    const doc = build({ toestemming: 'jaarlijks', ouderapp: 'binnen' });
    expect(doc.articles).toContain('daarna aan het begin van elk schooljaar, in de ouderapp. Na de vaststelling');
    expect(doc.articles).toContain('Een toestemming geldt voor beeld dat in het lopende schooljaar wordt gemaakt;');
    expect(doc.articles).toContain('is er geen toestemming en gebruikt de school geen nieuw beeld van de leerling');
    expect(doc.form).toContain('Uw keuze geldt voor dit schooljaar; elk schooljaar vragen wij u opnieuw. Zonder antwoord gebruiken wij geen nieuw beeld.');
    for (const text of [doc.articles, doc.form]) expect(text).not.toMatch(/geldt totdat|blijft geldig/);
    expect(build({ toestemming: 'jaarlijks', ouderapp: 'geen' }).articles).toContain('Een toestemming geldt voor beeld dat in het lopende schooljaar wordt gemaakt;');
  });

  it('offers no opt-out, and the help says why', () => {
    const question = library.questions.find((q) => q.id === 'toestemming');
    expect(question?.choices?.map((c) => c.value)).toEqual(['eenmalig', 'herinnering', 'jaarlijks']);
    expect(question?.help).toContain('(opt-out), staat er niet bij: onder de AVG is zwijgen geen toestemming');
  });

  it('separate consent for public events and special publications, for every school', () => {
    for (const id of ['eenmalig', 'herinnering', 'jaarlijks']) {
      const doc = build({ toestemming: id });
      expect(doc.clauses).toContain('beeld.publiek');
      expect(doc.form).toContain('Voor een publieke activiteit, een krantenartikel of een ander doel vragen wij vooraf apart toestemming.');
    }
  });
});

describe('3. filming and photographing by parents and visitors', () => {
  it('sharing allowed, other children only with their parents\' consent', () => {
    const doc = build({ filmen: 'delen-met-toestemming' });
    expect(doc.articles).toContain('Ouders/verzorgers zijn zelf verantwoordelijk voor wat zij delen of online zetten.');
    expect(doc.articles).toContain('dan delen zij het beeld alleen met toestemming van de ouders met gezag of voogden van die leerlingen');
  });

  it('only their own child, for the family', () => {
    const doc = build({ filmen: 'alleen-eigen-kind' });
    expect(doc.articles).toContain('mogen ouders/verzorgers foto\'s en video\'s van hun eigen kind maken, voor zichzelf en hun familie.');
    expect(doc.articles).toContain('tenzij die personen daarvoor toestemming hebben gegeven');
  });

  it('never online: no exception for consent in the same article', () => {
    const doc = build({ filmen: 'nooit-online' });
    expect(doc.articles).toContain('Niets daarvan komt op sociale media, op een website of in een groepsapp, ook niet als alleen hun eigen kind erop staat en ook niet met toestemming van anderen');
    expect(doc.articles).not.toContain('tenzij die personen daarvoor toestemming hebben gegeven');
  });

  it('not at all, with no announcement article', () => {
    const doc = build({ filmen: 'niet' });
    expect(doc.articles).toContain('Tijdens schoolactiviteiten maken ouders/verzorgers en andere bezoekers geen foto\'s, video\'s of geluidsopnamen.');
    expect(doc.clauses).not.toContain('beeld.aankondigen');
  });

  it('announced at each event, or the rule in the schoolgids', () => {
    expect(build({ filmen_aankondigen: 'vooraf' }).articles).toContain('zegt de school vooraf wat de afspraak over fotograferen en filmen is: in de uitnodiging en bij het begin van de activiteit');
    expect(build({ filmen_aankondigen: 'schoolgids' }).articles).toContain('de school herhaalt die niet bij elke activiteit');
  });

  it('images the school shares are for private use; nobody has to be photographed', () => {
    const doc = build({});
    expect(doc.articles).toContain('zijn alleen voor eigen gebruik. Ouders/verzorgers zetten ze niet online en sturen ze niet door, ook niet in een groepsapp.');
    expect(doc.articles).toContain('Wil een leerling op een bepaald moment niet op de foto of in een video, dan respecteert de school dat, ook als er toestemming is.');
  });

  it('the renamed values say what they allow (issue 16, point 17)', () => {
    const filmen = library.questions.find((q) => q.id === 'filmen');
    expect(filmen?.choices?.map((c) => c.value)).toEqual(['delen-met-toestemming', 'alleen-eigen-kind', 'nooit-online', 'niet']);
  });
});

describe('9. privacy around images', () => {
  it('retention: a year after the school year, or until the pupil leaves; what happens after leaving', () => {
    const jaar = build({ bewaren: 'een-jaar' });
    expect(jaar.articles).toContain('Uiterlijk een jaar na het einde van het schooljaar waarin beeld is gemaakt, haalt de school het weg uit al haar media');
    expect(jaar.articles).toContain('Verlaat een leerling de school, dan gebruikt de school geen nieuw beeld meer van die leerling.');
    const vertrek = build({ bewaren: 'vertrek' });
    expect(vertrek.articles).toContain('Uiterlijk aan het eind van het schooljaar waarin een leerling de school verlaat, haalt de school beeld waarop die leerling herkenbaar is weg');
    expect(vertrek.form).toContain('Uiterlijk aan het eind van het schooljaar waarin uw kind de school verlaat');
  });

  it('the school photographer works under a processing agreement; the class photo has its own row', () => {
    const ja = build({ schoolfotograaf: 'ja' });
    expect(ja.articles).toContain('De fotograaf werkt namens de school, met een verwerkersovereenkomst');
    expect(ja.rows.some((r) => r.startsWith('De klassenfoto van de schoolfotograaf'))).toBe(true);
    const nee = build({ schoolfotograaf: 'nee' });
    expect(nee.clauses).not.toContain('beeld.schoolfotograaf');
    expect(nee.rows.some((r) => r.startsWith('De klassenfoto'))).toBe(false);
  });

  it('video in the classroom for coaching: announced, with consent, or not at all', () => {
    const melden = build({ videoklas: 'melden' });
    expect(melden.articles).toContain('De school meldt het vooraf aan de ouders/verzorgers van de groep; wil een ouder met gezag of een voogd niet dat het kind in beeld komt, dan zorgt de leerkracht daarvoor. Het beeld blijft binnen de school');
    expect(melden.rows.some((r) => r.startsWith('Video-opnamen'))).toBe(false);
    const toestemming = build({ videoklas: 'toestemming' });
    expect(toestemming.articles).toContain('Leerlingen komen daarbij alleen in beeld als een ouder met gezag of een voogd daarvoor toestemming heeft gegeven');
    expect(toestemming.rows.some((r) => r.startsWith('Video-opnamen in de klas'))).toBe(true);
    expect(build({ videoklas: 'niet' }).articles).toContain('De school maakt geen video-opnamen in de klas');
  });

  it('video calls and livestreams: never recorded; a streamed event only for parents, with consent', () => {
    expect(build({ livestream: 'videobellen' }).articles).toContain('Niemand neemt de verbinding op of maakt er schermafbeeldingen van. De school zendt geen activiteiten live uit.');
    const stream = build({ livestream: 'besloten-stream' });
    expect(stream.articles).toContain('alleen leerlingen herkenbaar voor wie toestemming is gegeven voor live-uitzendingen');
    expect(stream.rows.some((r) => r.startsWith('Live-uitzendingen van activiteiten'))).toBe(true);
    expect(build({ livestream: 'niet' }).articles).toContain('De school zendt geen lessen of activiteiten live uit');
  });
});

describe('10. AI-made images the school publishes', () => {
  it('labelled, never of real people; or none at all', () => {
    const vermelden = build({ ai_beeld: 'vermelden' });
    expect(vermelden.articles).toContain('De school maakt of bewerkt nooit met AI beeld van leerlingen, medewerkers of andere echte personen.');
    expect(vermelden.articles).toContain('(Europese AI-verordening, artikel 50)');
    expect(build({ ai_beeld: 'geen' }).articles).toContain('De school publiceert geen beeld dat met AI is gemaakt of bewerkt');
  });
});

describe('12. the school\'s public account, run well', () => {
  it('purpose, including promoting events, and how often the school posts', () => {
    const doc = build({ accountdoelen: ['laten-zien', 'aankondigen'], postfrequentie: 'wekelijks' });
    expect(doc.articles).toContain('De school gebruikt het account om te laten zien wat leerlingen op school leren en beleven en activiteiten aan te kondigen. Wat daar niet bij past, plaatst de school niet.');
    expect(doc.articles).toContain('De beheerders plaatsen ongeveer één bericht per week');
    expect(build({ postfrequentie: 'activiteiten' }).articles).toContain('zonder vast ritme');
  });

  it('named administrators as a document answer, with a neutral text when left empty', () => {
    expect(build({ beheerders: 'juf Anna de Boer en de ICT-coördinator' }).articles).toContain('Beheerders van de accounts zijn juf Anna de Boer en de ICT-coördinator.');
    expect(build({}).articles).toContain('Beheerders van de accounts zijn een of meer medewerkers die de directeur daarvoor schriftelijk aanwijst. Zij plaatsen de berichten;');
    expect(build({ beheer: 'directie' }).articles).toContain('Beheerders van de accounts zijn de directeur en een tweede beheerder die de directeur aanwijst');
  });

  it('what is never posted', () => {
    const doc = build({});
    expect(doc.articles).toContain('De school publiceert nooit:');
    expect(doc.articles).toContain('beeld van een leerling van wie de school weet dat die om veiligheidsredenen niet vindbaar mag zijn');
  });

  it('no shared passwords: each administrator has an own role (4.2 no longer contradicts the password rule)', () => {
    for (const beheer of ['directie', 'aangewezen', 'ook-medewerkers']) {
      const doc = build({ beheer });
      expect(doc.articles).toContain(beheer === 'directie' ? 'Elke beheerder, ook de directeur, heeft op het platform een eigen beheerdersrol' : 'Elke beheerder heeft op het platform een eigen beheerdersrol');
      expect(doc.articles).toContain('en logt in met een eigen account. Beheerders delen hun inloggegevens met niemand.');
      expect(doc.articles).not.toMatch(/inloggegevens (zijn|worden) bekend bij/i);
    }
  });
});

describe('platforms and AI (issue 13)', () => {
  it('Meta trains on public posts: said in the protocol and on the form of an open account on Facebook or Instagram', () => {
    const doc = build({ schoolaccount: 'open', platforms: ['instagram'], media: ['sociale-media'] });
    expect(doc.articles).toContain('gebruikt sinds 27 mei 2025 openbare berichten en foto\'s van volwassenen en organisaties om zijn AI te trainen');
    expect(doc.form).toContain('Meta (Instagram) traint sinds 27 mei 2025 zijn AI met openbare berichten en foto\'s van organisaties, dus ook met onze foto\'s. Wij hebben daartegen bezwaar gemaakt');
    expect(doc.articles).toContain('Meta, het bedrijf achter Instagram,');
    expect(doc.form).not.toContain('Facebook');
    const besloten = build({ schoolaccount: 'besloten', platforms: ['instagram'], media: ['sociale-media'] });
    expect(besloten.clauses).not.toContain('beeld.meta');
    expect(besloten.form).not.toContain('Meta');
  });

  it('X: the school chooses; with pupil images the form names the risk', () => {
    const met = build({ schoolaccount: 'open', platforms: ['x'], media: ['sociale-media'], x_beeld: 'met-toestemming' });
    expect(met.articles).toContain('Op X plaatst de school alleen beeld van leerlingen voor wie een ouder met gezag of een voogd apart toestemming heeft gegeven voor X.');
    expect(met.form).toContain('Zo zijn seksueel getinte beelden van echte mensen gemaakt, ook van kinderen; de Europese Commissie onderzoekt dat sinds januari 2026. Dat kan ook gebeuren met foto\'s die wij op X plaatsen.');
    expect(met.rows).toContain('Het openbare account van de school op X: Iedereen kan het zien, delen en met Grok laten bewerken (zie hierboven).');
    const zonder = build({ schoolaccount: 'open', platforms: ['x'], media: ['sociale-media'], x_beeld: 'zonder-leerlingen' });
    expect(zonder.articles).toContain('Op X plaatst de school geen beeld waarop leerlingen herkenbaar zijn.');
    expect(zonder.form).toContain('Op X plaatsen wij geen foto\'s of video\'s waarop leerlingen herkenbaar zijn.');
    expect(library.questions.find((q) => q.id === 'x_beeld')?.default).toBe('zonder-leerlingen');
  });
});

describe('a concept does not ask for consent yet', () => {
  it('the form of a concept says it is handed out once the protocol is adopted', () => {
    expect(build({ status: 'concept' }).form).toContain('De school deelt het pas uit als het protocol is vastgesteld.');
    const adopted = build({ status: 'vastgesteld', instemming: '2026-11-20' }).form;
    expect(adopted).toContain('Lever dit formulier in bij de leerkracht of de administratie');
    expect(adopted).not.toContain('Concept:');
  });
});

describe('facts in the six built presets', () => {
  const built = library.presets.map((p) => ({ id: p.id, doc: build(preset(p.id)) }));

  it('consent comes from a parent with parental authority or a guardian, never from any carer', () => {
    for (const { id, doc } of built) {
      expect(doc.articles, id).toContain('Voor een leerling jonger dan 16 jaar geeft een ouder met gezag of een voogd die toestemming.');
      expect(doc.form, id).toContain('geeft en ondertekent een ouder met gezag of een voogd die toestemming');
      expect(doc.online, id).not.toMatch(/hun ouders\/verzorgers (die )?toestemming|toestemming van (de )?ouders\/verzorgers/);
    }
  });

  it('portrait right for images published without consent', () => {
    for (const { id, doc } of built) expect(doc.articles, id).toContain('(portretrecht, artikel 21 Auteurswet)');
  });

  it('staff never put pupil images on their own social media, not even with consent', () => {
    for (const { id, doc } of built) {
      expect(doc.articles, id).toContain('Beeld van leerlingen zetten zij nooit op hun eigen sociale media, ook niet met toestemming');
      expect(doc.articles, id).not.toMatch(/niet op hun eigen sociale media en bewaren ze niet op een eigen apparaat zonder toestemming/);
    }
  });

  it('no "discussed with the MR" in the account article of a concept, no anglicisms in the online chapters', () => {
    for (const { id, doc } of built) {
      expect(doc.online, id).not.toMatch(/die keuze met de (gemeenschappelijke )?medezeggenschapsraad .{0,8}besproken/);
      expect(doc.online, id).not.toMatch(/goede smaak|stalkend|werkgerelateerd|behoudt zich het recht voor|groepsleerkracht|hij of zij/);
      expect(doc.verantwoording, id).not.toContain('Zoals eenmalig');
    }
  });

  it('gsv keeps pupil images on X with the risk on the form, and has a consent row for the parent app it uses', () => {
    const gsv = built.find((b) => b.id === 'gsv')?.doc;
    expect(gsv?.form).not.toContain('geldt ook voor X');
    expect(gsv?.form).toContain('Op X kan iedereen met de AI-functie Grok een openbare foto laten bewerken.');
    // X has its own consent row, and the row for the other platforms leaves X out (per medium).
    expect(gsv?.rows.some((r) => r.startsWith('Het openbare account van de school op X'))).toBe(true);
    expect(gsv?.rows.some((r) => r.includes(' en X:'))).toBe(false);
    expect(gsv?.articles).toContain('Op X plaatst de school alleen beeld van leerlingen voor wie een ouder met gezag of een voogd apart toestemming heeft gegeven voor X.');
    expect(gsv?.rows.some((r) => r.startsWith('De ouderapp of het ouderportaal'))).toBe(true);
  });

  it('lankforst shows pupils unrecognisably and the form says why it still asks per medium', () => {
    const lankforst = built.find((b) => b.id === 'lankforst')?.doc;
    expect(lankforst?.articles).toContain('Daarom komen ook op zulk beeld alleen leerlingen voor wie toestemming is gegeven voor het betreffende medium.');
    expect(lankforst?.form).toContain('Wie uw kind kent, herkent het soms toch; daarom vragen wij ook hiervoor toestemming');
  });

  it('verkruisen keeps its most permissive filming rule under the new name', () => {
    expect(built.find((b) => b.id === 'verkruisen')?.doc.articles).toContain('Ouders/verzorgers zijn zelf verantwoordelijk voor wat zij delen of online zetten.');
  });
});

describe('second readers\' text fixes (December 2026)', () => {
  it('active voice and plain words in the staff, evaluation and complaint articles', () => {
    const doc = build({ evaluatie: 'tweejaarlijks' });
    expect(doc.articles).toContain('De directeur evalueert dit protocol om de twee jaar met medewerkers, ouders/verzorgers en leerlingen');
    expect(doc.articles).toContain('Twijfelt een medewerker of een bericht past binnen dit protocol, dan overlegt de medewerker vooraf met de directeur en publiceert intussen niet.');
    expect(doc.articles).toContain('dan nodigt de directeur die persoon uit voor een gesprek en vraagt zo nodig het bericht te verwijderen of te corrigeren.');
    expect(doc.articles).not.toMatch(/contact op met de leidinggevende|integriteit van hun berichten|in welke functie|Samen spreken zij af|streamt|cloudback-up/);
  });
  it('an unrecognisable-pupils policy holds on the website, in the newsletter and for the class photo', () => {
    const doc = build({ fotobeleid: 'onherkenbaar', media: ['website', 'nieuwsbrief'], website: 'achter-inlog', schoolfotograaf: 'ja' });
    expect(doc.articles).toMatch(/Ook op de website komen leerlingen niet herkenbaar in beeld \(artikel \d+\.\d+\)/);
    expect(doc.articles).not.toContain('Beeld waarop leerlingen herkenbaar zijn, staat op een afgeschermd deel');
    expect(doc.articles).not.toContain('zonder achternamen');
    expect(doc.articles).toContain('De school plaatst de klassenfoto niet online en gebruikt hem niet in haar publicaties');
    expect(doc.articles).not.toContain('Een leerling zonder toestemming gaat niet op de klassenfoto');
  });
  it('without the schoolgids as a medium, the schoolgids shows no recognisable pupils', () => {
    const doc = build({ media: ['website'] });
    expect(doc.articles).toContain('In de schoolgids en ander drukwerk van de school staan geen leerlingen herkenbaar in beeld');
  });
});
