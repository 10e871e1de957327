/**
 * Companion documents (leerlingversie, ouderbrief, toestemmingsformulier): each follows the choices
 * it depends on, over presets, chosen cases and a pairwise covering array; they are built beside
 * the protocol and can be switched off; real-Chromium PDFs are checked by their text and length.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { serializeAnswers } from '../src/answers/write.js';
import { type Values } from '../src/answers/schema.js';
import { assemble, type Protocol } from '../src/assemble/assemble.js';
import { effectiveValues, pairwiseCombinations, random, randomAssignment } from '../src/lint/combinations.js';
import { assembleCompanions, companionHtml, companionMarkdown, companionPdfOptions, joinBlocks, parseWithout, type Companion, type CompanionId } from '../src/companions/index.js';
import { loadLibrary } from '../src/library/load.js';
import { lintLibrary } from '../src/lint/lint.js';
import { PdfRenderer } from '../src/render/printer.js';
import { escapeHtml } from '../src/util/text.js';
import { tempDir } from './helpers/fixtures.js';
import { runMain } from './helpers/main.js';
import { pdfText, run } from './helpers/run.js';

const library = loadLibrary();
const identity: Values = { naam: 'Basisschool De Regenboog', plaats: 'Utrecht', versie: '1.0', datum: '2026-11-22' };
const preset = (id: string) => library.presets.find((p) => p.id === id)?.keuzes ?? {};

interface Built {
  protocol: Protocol;
  companions: Companion[];
  ids: CompanionId[];
  md: (id: CompanionId) => string;
  html: (id: CompanionId) => string;
}

function build(values: Values): Built {
  const protocol = assemble(completeAnswers(library, { ...identity, ...values }), library);
  const companions = assembleCompanions(protocol, library);
  const find = (id: CompanionId) => {
    const found = companions.find((c) => c.id === id);
    if (!found) throw new Error(`${id} not made`);
    return found;
  };
  return {
    protocol,
    companions,
    ids: companions.map((c) => c.id),
    md: (id) => companionMarkdown(find(id), protocol),
    html: (id) => companionHtml(find(id), protocol),
  };
}

/** The media rows of the consent form: the bold medium names in its Markdown table. */
const formRows = (doc: Built) => [...doc.md('toestemmingsformulier').matchAll(/^\| \*\*(.+?)\*\* – /gm)].map((m) => m[1]);

/** Text without line breaks, for sentences that wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('which companion documents are made', () => {
  it('the recommended preset: all three, in a fixed order', () => {
    expect(build(preset('aanbevolen')).ids).toEqual(['leerlingversie', 'ouderbrief', 'toestemmingsformulier']);
  });

  it('no pupils’ version when the protocol says there is none (leerlingversie: nee)', () => {
    const doc = build(preset('kalisto'));
    expect(doc.ids).toEqual(['ouderbrief', 'toestemmingsformulier']);
    expect(doc.md('ouderbrief')).not.toContain('leerlingversie');
    expect(build(preset('gsv')).md('ouderbrief')).toContain('Bij deze brief zit ook de leerlingversie');
  });

  it('the setting `documenten` switches the letter and the form off', () => {
    expect(build({ documenten: [] }).ids).toEqual(['leerlingversie']);
    expect(build({ documenten: ['ouderbrief'] }).ids).toEqual(['leerlingversie', 'ouderbrief']);
    expect(build({ documenten: ['toestemmingsformulier'], leerlingversie: 'nee' }).ids).toEqual(['toestemmingsformulier']);
  });

  it('no form when the school uses no medium it has; the letter says so instead of promising a form', () => {
    for (const media of [{ media: [] }, { media: ['sociale-media'], schoolaccount: 'geen' }, { media: ['ouderapp', 'sociale-media'], ouderapp: 'geen', schoolaccount: 'geen' }]) {
      // No school photographer either: the class photo has a row of its own.
      const values = { ...media, schoolfotograaf: 'nee' };
      const doc = build(values);
      expect(doc.ids, JSON.stringify(values)).toEqual(['leerlingversie', 'ouderbrief']);
      expect(doc.md('ouderbrief')).toContain('De school gebruikt op dit moment geen foto\'s of video\'s van leerlingen in haar eigen media.');
      expect(doc.md('ouderbrief')).not.toContain('toestemmingsformulier');
    }
  });
});

describe('the consent form', () => {
  it('has one row per medium the school actually uses', () => {
    expect(formRows(build(preset('aanbevolen')))).toEqual([
      'Het afgeschermde deel van de website',
      'De nieuwsbrief',
      'Het openbare account van de school op Facebook en Instagram',
      'De ouderapp of het ouderportaal',
      'De gedrukte schoolgids',
      'De klassenfoto van de schoolfotograaf',
    ]);
    expect(formRows(build(preset('lauwers-eems')))).toEqual([
      'Het afgeschermde deel van de website',
      'De nieuwsbrief',
      'De besloten groep van de school op Facebook',
      'De gedrukte schoolgids',
      'De klassenfoto van de schoolfotograaf',
    ]);
  });

  it('a school without a social media account gets no social media row, even when `media` names them', () => {
    const doc = build({ schoolaccount: 'geen', media: ['website', 'sociale-media'], website: 'openbaar', schoolfotograaf: 'nee' });
    expect(formRows(doc)).toEqual(['De website van de school']);
    expect(doc.html('toestemmingsformulier')).not.toMatch(/account van de school/);
  });

  it('a school without a parent app gets no parent app row, even when `media` names it', () => {
    expect(formRows(build({ ouderapp: 'geen', media: ['nieuwsbrief', 'ouderapp'], schoolfotograaf: 'nee' }))).toEqual(['De nieuwsbrief']);
    expect(formRows(build({ ouderapp: 'buiten', media: ['ouderapp'], schoolfotograaf: 'nee' }))).toEqual(['De ouderapp of het ouderportaal']);
  });

  it('names the account without platforms when none is chosen', () => {
    expect(formRows(build({ schoolaccount: 'open', platforms: [], media: ['sociale-media'], schoolfotograaf: 'nee' }))).toEqual(['Het openbare account van de school op sociale media']);
  });

  it('says that consent is voluntary, no condition for enrolment, changeable at any time and how; asks for name, signature and date', () => {
    const md = flat(build({}).md('toestemmingsformulier'));
    expect(md).toContain('Toestemming geven is vrijwillig en nooit een voorwaarde om op school te komen');
    expect(md).toContain('Kruist u bij een medium niets aan, dan geeft u daarvoor geen toestemming.');
    expect(md).toContain('U kunt uw keuze altijd wijzigen of intrekken bij de leerkracht of de administratie; dan gebruiken wij het beeld niet meer.');
    // Consent (AVG) is given by a parent with parental authority or a guardian, not by any carer.
    expect(md).toContain('jonger is dan 16 jaar, geeft en ondertekent een ouder met gezag of een voogd die toestemming');
    for (const field of ['| Naam van uw kind |', '| Groep |', '| Naam ouder met gezag of voogd |', '| Handtekening ouder met gezag of voogd |', 'Ik heb het ouderlijk gezag over dit kind of ben de voogd.', '| Datum |']) expect(md).toContain(field);
    expect(md).toMatch(/\| ja \| nee \|/);
    const html = build({}).html('toestemmingsformulier');
    // Two boxes per row, and one for "Ik heb het ouderlijk gezag over dit kind of ben de voogd."
    expect(html.match(/class="vakje"/g)).toHaveLength(2 * formRows(build({})).length + 1);
  });

  it('follows how the school asks for consent and how pupils appear', () => {
    expect(build({ toestemming: 'herinnering' }).md('toestemmingsformulier')).toContain('Elk schooljaar laten wij u zien wat u heeft gekozen.');
    const jaarlijks = flat(build({ toestemming: 'jaarlijks' }).md('toestemmingsformulier'));
    expect(jaarlijks).toContain('Uw keuze geldt voor dit schooljaar; elk schooljaar vragen wij u opnieuw.');
    expect(jaarlijks).not.toContain('totdat u haar wijzigt');
    expect(flat(build({}).md('toestemmingsformulier'))).toContain('vragen wij vooraf apart toestemming');
    expect(build({ toestemming: 'eenmalig' }).md('toestemmingsformulier')).not.toContain('Elk schooljaar');
    expect(build({ fotobeleid: 'groepen' }).md('toestemmingsformulier')).toContain('Wij plaatsen geen portretfoto\'s.');
    expect(build({ fotobeleid: 'onherkenbaar' }).md('toestemmingsformulier')).toContain('In onze publicaties is uw kind niet herkenbaar');
  });
});

describe('the pupils’ version', () => {
  it('follows the phone rules: collected, in the bag, or at home', () => {
    expect(build({ telefoon: 'inleveren' }).md('leerlingversie')).toContain('Zet hem uit en lever hem in bij je juf of meester als je binnenkomt.');
    const tas = build({ telefoon: 'in-tas' }).md('leerlingversie');
    expect(tas).toContain('Hij blijft de hele dag in je tas, ook in de pauze.');
    expect(tas).not.toContain('lever hem in');
    expect(build({ telefoon: 'thuis' }).md('leerlingversie')).toContain('Je telefoon en smartwatch blijven thuis.');
    expect(build({ uitstapjes: 'vaste-momenten' }).md('leerlingversie')).toContain('Op kamp mag je telefoon mee.');
  });

  it('follows photos, friending, lessons and consequences', () => {
    expect(build({ fotobeleid: 'groepen' }).md('leerlingversie')).toContain('Je staat er dan op in een groepje, zonder je naam.');
    expect(build({ fotobeleid: 'onherkenbaar' }).md('leerlingversie')).toContain('Dan ben je er niet herkenbaar op');
    expect(build({ vrienden: 'nooit' }).md('leerlingversie')).toContain('Juffen en meesters worden online geen vrienden met leerlingen.');
    expect(build({ vrienden: 'schoolaccount' }).md('leerlingversie')).toContain('Juffen en meesters hebben nooit contact met je via hun eigen account.');
    expect(build({ lessen: 'toestemming' }).md('leerlingversie')).toContain('In de les zijn wij niet op sociale media.');
    expect(build({ sancties: 'formeel' }).md('leerlingversie')).toContain('Hoe erger het is, hoe zwaarder de straf.');
    expect(build({ sancties: 'gesprek-eerst' }).md('leerlingversie')).toContain('Dan praat je juf of meester eerst met je.');
  });

  it('is written as wij-afspraken with short sentences, and says where to get help', () => {
    const md = build(preset('aanbevolen')).md('leerlingversie');
    expect(md).toMatch(/^# Onze afspraken over telefoons, internet en sociale media$/m);
    for (const rule of ['Wij pesten niet.', 'Wij maken geen nepfoto\'s of nepfilmpjes van anderen. Ook niet met AI', 'WhatsApp pas op de middelbare school']) expect(md).toContain(rule);
    for (const helper of ['de antipestcoördinator', 'de vertrouwenspersoon', 'je juf of meester', 'De Kindertelefoon: **0800-0432**']) expect(md).toContain(helper);
    const sentences = md
      .replace(/^#.*$/gm, '')
      .split(/\n|(?<=[.?!])\s+/)
      .map((s) => s.replace(/^\s*- /, '').trim())
      .filter((s) => /\p{L}/u.test(s));
    const words = sentences.map((s) => s.split(' ').length);
    expect(Math.max(...words)).toBeLessThanOrEqual(22);
    expect(words.reduce((a, b) => a + b, 0) / words.length).toBeLessThan(11);
    for (const jargon of ['protocol', 'AVG', 'verzorgers/', 'groepsleerkracht', 'medewerker']) expect(md.replace('Leerlingversie van het protocol sociale media', '')).not.toContain(jargon);
  });
});

describe('the letter to parents', () => {
  it('explains photos, phones, WhatsApp and group apps, where to report, and where the protocol is', () => {
    const doc = build(preset('aanbevolen'));
    const md = flat(doc.md('ouderbrief'));
    expect(md).toMatch(/^\*\*Basisschool De Regenboog\*\* Utrecht, 22 november 2026 \*\*Betreft:\*\* Het protocol sociale media van Basisschool De Regenboog Beste ouders\/verzorgers,/);
    for (const heading of ["Foto's en video's", 'Telefoons en smartwatches', 'WhatsApp, groepsapps en contact met de school', 'Iets gezien of zorgen? Meld het', 'Het hele protocol lezen']) expect(md).toContain(`## ${heading}`);
    expect(md).toContain('Sinds het schooljaar 2024-2025 geldt in het basisonderwijs een landelijke afspraak');
    expect(md).toContain('Op Basisschool De Regenboog leveren leerlingen hun telefoon en smartwatch bij binnenkomst uitgeschakeld in');
    expect(md).toContain('WhatsApp heeft in de Europese Unie een minimumleeftijd van 13 jaar');
    expect(md).toContain('Meld het bij de leerkracht, de antipestcoördinator, de vertrouwenspersoon of de directeur.');
    expect(md).toContain('0900-111 3 111');
    // The preset is a concept: the letter does not yet ask for consent under the new protocol.
    expect(md).toContain('Omdat het protocol nog niet is vastgesteld, vraagt de school u nu nog niet om toestemming onder de nieuwe afspraken.');
    expect(md).not.toContain('Bij deze brief vindt u het toestemmingsformulier.');
    expect(md).toContain('Zodra het protocol is vastgesteld, staat het volledig op de website van de school');
    expect(md).toMatch(/Met vriendelijke groet, De directeur van Basisschool De Regenboog$/);
  });

  it('refers to the articles by the numbers they have in the protocol of the same answers', () => {
    for (const values of [preset('aanbevolen'), preset('kalisto'), { schoolaccount: 'geen' }]) {
      const doc = build(values);
      const number = (clause: string) => doc.protocol.chapters.flatMap((c) => c.articles).find((a) => a.clause === clause)?.number;
      expect(doc.md('ouderbrief')).toContain(`beginnen bij artikel ${number('beeld.toestemming')}, die over telefoons staan in artikel ${number('leerlingen.telefoon')}.`);
    }
  });

  it('follows the choices on group apps, friending, parents filming, status and council', () => {
    expect(flat(build({ groepsapps: 'klassengroep' }).md('ouderbrief'))).toContain('Doet u niet mee, dan krijgt u dezelfde informatie per e-mail.');
    expect(build({ groepsapps: 'ouders-zelf' }).md('ouderbrief')).toContain('Of een leerkracht meedoet in een groepsapp van ouders/verzorgers, beslist de leerkracht zelf.');
    expect(build({ groepsapps: 'alleen-school' }).md('ouderbrief')).toContain('Medewerkers maken geen groepsapps met ouders/verzorgers');
    expect(build({ filmen: 'niet' }).md('ouderbrief')).toContain('maken ouders/verzorgers en andere bezoekers geen foto\'s en video\'s');
    expect(build({ ouderapp: 'geen' }).md('ouderbrief')).toContain('De school informeert u via e-mail, de nieuwsbrief en de website.');
    const gmr = flat(build({ raad: 'GMR', bestuur: 'Stichting Voorbeeld', status: 'vastgesteld', instemming: '2026-11-20', ondertekenaar: 'J. de Vries' }).md('ouderbrief'));
    expect(gmr).toContain('Het protocol geldt voor alle scholen van Stichting Voorbeeld en is vastgesteld na instemming van de gemeenschappelijke medezeggenschapsraad (GMR).');
    expect(gmr).toContain('U vindt het volledige protocol op de website van de school');
    // The signatory of a board-wide protocol is the board; the letter comes from the school.
    expect(gmr).not.toContain('J. de Vries');
    expect(flat(build({ ondertekenaar: 'J. de Vries' }).md('ouderbrief'))).toMatch(/Met vriendelijke groet, J\. de Vries\\ directeur van Basisschool De Regenboog$/);
  });
});

describe('over many answer combinations', () => {
  const next = random(7);
  const combinations = [...pairwiseCombinations(library), ...Array.from({ length: 150 }, () => randomAssignment(library, next)), ...library.presets.map((p) => p.keuzes)];

  it('the form lists exactly the media in use, the letter mentions the form exactly when there is one, and nothing is left unfilled', () => {
    const labels: Record<string, RegExp> = {
      website: /^(De website van de school|Het afgeschermde deel van de website)$/,
      nieuwsbrief: /^De nieuwsbrief/,
      'sociale-media': /(account|groep) van de school/,
      ouderapp: /^De ouderapp/,
      schoolgids: /^De (gedrukte )?schoolgids/,
    };
    for (const combination of combinations) {
      const values = effectiveValues(library, { ...combination, ...identity });
      const doc = build(values);
      const media = (values.media ?? []) as string[];
      const platforms = (values.platforms ?? []) as string[];
      // X has a row of its own (only with pupil images on X); the social media row names the other platforms.
      const onlyX = platforms.length > 0 && platforms.every((p) => p === 'x');
      const xRow = platforms.includes('x') && values.x_beeld === 'met-toestemming';
      const inUse = media
        .filter((m) => (m !== 'sociale-media' || values.schoolaccount !== 'geen') && (m !== 'ouderapp' || values.ouderapp !== 'geen'))
        .flatMap((m) => (m === 'sociale-media' ? [...(onlyX ? [] : [m]), ...(xRow ? [m] : [])] : [m]));
      // The class photo, video in class and live streams have rows of their own, after the media.
      const extras = [
        values.schoolfotograaf === 'ja' && /^De klassenfoto/,
        values.videoklas === 'toestemming' && /^Video-opnamen in de klas/,
        values.livestream === 'besloten-stream' && /^Live-uitzendingen/,
      ].filter((r): r is RegExp => r !== false);
      const wantsForm = ((values.documenten ?? []) as string[]).includes('toestemmingsformulier');
      const where = JSON.stringify(combination);
      expect(doc.ids.includes('toestemmingsformulier'), where).toBe(wantsForm && inUse.length + extras.length > 0);
      expect(doc.ids.includes('leerlingversie'), where).toBe(values.leerlingversie === 'ja');
      if (doc.ids.includes('toestemmingsformulier')) {
        const rows = formRows(doc);
        expect(rows.length, where).toBe(inUse.length + extras.length);
        inUse.forEach((m, i) => expect(rows[i], where).toMatch(labels[m] ?? /^$/));
        extras.forEach((label, i) => expect(rows[inUse.length + i], where).toMatch(label));
      }
      if (doc.ids.includes('ouderbrief')) {
        // A concept's letter says the form comes after the vaststelling; an adopted one encloses it.
        const mention = values.status === 'vastgesteld' ? 'Bij deze brief vindt u het toestemmingsformulier' : 'Na de vaststelling krijgt u het toestemmingsformulier';
        expect(doc.md('ouderbrief').includes(mention), where).toBe(doc.ids.includes('toestemmingsformulier'));
      }
      for (const id of doc.ids) {
        const md = doc.md(id);
        expect(md, `${id} ${where}`).not.toMatch(/\{\{|undefined|\[object/);
        // WhatsApp's minimum age in the EU is 13, never 16.
        expect(flat(md), `${id} ${where}`).not.toMatch(/WhatsApp[^.]*16/);
      }
    }
  });

  it('the same answers give byte-identical documents', () => {
    const a = build(preset('lankforst'));
    const b = build(preset('lankforst'));
    for (const id of a.ids) {
      expect(a.md(id)).toBe(b.md(id));
      expect(a.html(id)).toBe(b.html(id));
    }
  });
});

describe('free text', () => {
  it('shows the school’s name literally and safely in Markdown and HTML', () => {
    const naam = 'De <b>Ster</b> & *Maan* | {{x}}';
    const doc = build({ naam, plaats: '1. Plaats_x', ondertekenaar: '<i>A</i>' });
    for (const id of doc.ids) {
      const html = doc.html(id);
      expect(html, id).toContain(escapeHtml(naam).replace(/'/g, '&#x27;'));
      expect(html, id).not.toMatch(/<b>Ster|<i>A/);
      expect(doc.md(id), id).toContain('De \\<b\\>Ster\\</b\\> \\& \\*Maan\\* \\| \\{\\{x\\}\\}');
    }
    expect(doc.html('ouderbrief')).toContain('1. Plaats_x, 22 november 2026');
    expect(doc.html('ouderbrief')).toContain('&lt;i&gt;A&lt;/i&gt;');
  });
});

describe('helpers', () => {
  it('joinBlocks keeps a continued list one list and separates paragraphs', () => {
    expect(joinBlocks(['- a\n- b', '- c'])).toBe('- a\n- b\n- c');
    expect(joinBlocks(['Tekst.', '- c'])).toBe('Tekst.\n\n- c');
    expect(joinBlocks(['- a', 'Tekst.'])).toBe('- a\n\nTekst.');
  });

  it('parseWithout reads --zonder, suggests a likely name and never drops the protocol', () => {
    expect(parseWithout(undefined)).toEqual([]);
    expect(parseWithout('ouderbrief, Leerlingversie')).toEqual(['leerlingversie', 'ouderbrief']);
    expect(() => parseWithout('ouderbrif')).toThrow(/onbekend document "ouderbrif".*Bedoelt u "ouderbrief"\?/);
    expect(() => parseWithout('protocol')).toThrow(/het protocol zelf wordt altijd gemaakt/);
    expect(() => parseWithout(',')).toThrow(/geen document genoemd/);
  });
});

describe('lint of the companion texts', () => {
  it('reports unknown values, unfillable placeholders, unknown parts and unreachable blocks in a custom folder', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'documenten'));
    writeFileSync(
      path.join(dir, 'documenten/ouderbrief.yaml'),
      [
        'document: ouderbrief',
        'parts:',
        '  brief:',
        '    - id: vragen',
        '      when: { telefoon: soms }',
        '      text: "Bel {{directeur}}."',
        '    - id: nooit',
        '      when: { all: [{ telefoon: thuis }, { not: { telefoon: thuis } }] }',
        '      text: "Nooit."',
        '  bijlage:',
        '    - id: extra',
        '      text: "{{ref \\"beeld.bestaat-niet\\"}}"',
        '',
      ].join('\n'),
    );
    const { problems } = lintLibrary(loadLibrary([dir]), { samples: 20 });
    const text = problems.join('\n');
    expect(text).toMatch(/documenten\/ouderbrief\.yaml:4:7 \(vragen\): de voorwaarde noemt waarde "soms" bij vraag "telefoon"/);
    expect(text).toMatch(/\(vragen\): placeholder kan niet worden ingevuld/);
    expect(text).toMatch(/\(nooit\): komt bij geen enkele combinatie van antwoorden in het document/);
    expect(text).toMatch(/het document ouderbrief heeft geen deel "bijlage"; wel: brief/);
    expect(text).toMatch(/\(extra\): \{\{ref "beeld\.bestaat-niet"\}\} verwijst naar een onbekende clausule/);
  }, 60_000);

  it('reports a reference to an article that the protocol then does not have', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'documenten'));
    writeFileSync(path.join(dir, 'documenten/ouderbrief.yaml'), 'document: ouderbrief\nparts:\n  brief:\n    - id: account\n      text: "Zie {{ref \\"beeld.sociale-media\\"}}."\n');
    const { problems } = lintLibrary(loadLibrary([dir]), { samples: 60 });
    expect(problems.join('\n')).toMatch(/\(account\): \{\{ref "beeld\.sociale-media"\}\} verwijst naar een artikel dat dan niet in het protocol staat/);
  }, 60_000);
});

describe('build writes the companions beside the protocol', () => {
  const answersFile = (dir: string, keuzes: Values) => {
    writeFileSync(path.join(dir, 'protocol.yaml'), serializeAnswers(library, { ...identity, ...keuzes }));
  };
  const files = (dir: string) => readdirSync(path.join(dir, 'out/basisschool-de-regenboog')).sort();

  it('in the chosen formats, listed in the JSON report after the protocol', async () => {
    const dir = tempDir();
    answersFile(dir, {});
    const result = await runMain(['build', 'protocol.yaml', '--format', 'md,html', '--json'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { documents: { files: string[] }[] };
    expect(report.documents[0]?.files.map((f) => path.basename(f))).toEqual([
      'protocol.md',
      'protocol.html',
      'leerlingversie.md',
      'leerlingversie.html',
      'ouderbrief.md',
      'ouderbrief.html',
      'toestemmingsformulier.md',
      'toestemmingsformulier.html',
    ]);
  });

  it('--zonder skips companions for this run; the answers setting switches them off for good', async () => {
    const dir = tempDir();
    answersFile(dir, {});
    expect((await runMain(['build', 'protocol.yaml', '--format', 'md', '--zonder', 'leerlingversie,ouderbrief'], dir)).code).toBe(0);
    expect(files(dir)).toEqual(['protocol.md', 'toestemmingsformulier.md']);

    const other = tempDir();
    answersFile(other, { leerlingversie: 'nee', documenten: [] });
    expect((await runMain(['build', 'protocol.yaml', '--format', 'md'], other)).code).toBe(0);
    expect(files(other)).toEqual(['protocol.md']);

    const wrong = await runMain(['build', 'protocol.yaml', '--zonder', 'brief'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--zonder: onbekend document "brief". Kies uit leerlingversie, ouderbrief en toestemmingsformulier');
  });

  it('a custom --clauses folder can replace a block of a companion text', async () => {
    const dir = tempDir();
    answersFile(dir, {});
    mkdirSync(path.join(dir, 'eigen/documenten'), { recursive: true });
    writeFileSync(path.join(dir, 'eigen/documenten/ouderbrief.yaml'), 'document: ouderbrief\nparts:\n  brief:\n    - id: vragen\n      text: "Vragen? Loop gerust binnen bij {{school}}."\n');
    expect((await runMain(['build', 'protocol.yaml', '--format', 'md', '--clauses', 'eigen'], dir)).code).toBe(0);
    const letter = readFileSync(path.join(dir, 'out/basisschool-de-regenboog/ouderbrief.md'), 'utf8');
    expect(letter).toContain('Vragen? Loop gerust binnen bij Basisschool De Regenboog.');
    expect(letter).not.toContain('Heeft u vragen over het protocol?');
  });
});

const pdfinfoPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);

describe('the PDFs (real Chromium, pdftotext)', () => {
  let renderer: PdfRenderer | undefined;
  const dir = tempDir('sp-companions-');

  beforeAll(async () => {
    renderer = await PdfRenderer.launch();
  }, 60_000);

  afterAll(async () => {
    await renderer?.close();
  });

  async function print(name: string, doc: Built, id: CompanionId) {
    if (!renderer) throw new Error('no browser');
    const html = doc.html(id);
    const bytes = await renderer.render(html, companionPdfOptions(id, doc.protocol, html));
    const file = path.join(dir, `${name}-${id}.pdf`);
    writeFileSync(file, bytes);
    return { file, bytes, pages: pdfinfoPages(file), text: flat(pdfText(file)) };
  }

  it('the recommended preset: phones collected, groups without names, every row of the form; one or two pages', async () => {
    const doc = build(preset('aanbevolen'));
    const pupils = await print('aanbevolen', doc, 'leerlingversie');
    expect(pupils.text).toContain('Onze afspraken over telefoons, internet en sociale media');
    expect(pupils.text).toContain('Zet hem uit en lever hem in bij je juf of meester als je binnenkomt.');
    expect(pupils.text).toContain('Je staat er dan op in een groepje, zonder je naam.');
    expect(pupils.text).toContain('Wij hebben deze afspraken besproken in groep');
    const letter = await print('aanbevolen', doc, 'ouderbrief');
    expect(letter.text).toContain('Beste ouders/verzorgers,');
    expect(letter.text).toContain('WhatsApp heeft in de Europese Unie een minimumleeftijd van 13 jaar');
    expect(letter.text).toContain('Met vriendelijke groet,');
    const form = await print('aanbevolen', doc, 'toestemmingsformulier');
    for (const row of formRows(doc)) expect(form.text).toContain(row);
    for (const field of ['Naam van uw kind', 'Groep', 'Handtekening ouder met gezag of voogd', 'Datum', 'Toestemming geven is vrijwillig']) expect(form.text).toContain(field);
    expect(pupils.pages).toBeLessThanOrEqual(2);
    expect(letter.pages).toBeLessThanOrEqual(2);
    expect(form.pages).toBe(1);
    const info = spawnSync('pdfinfo', ['-isodates', form.file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/^Title:\s+Toestemmingsformulier beeldmateriaal – Basisschool De Regenboog$/m);
    expect(info).toMatch(/^CreationDate:\s+2026-11-22T00:00:00Z$/m);
    const again = await print('aanbevolen-opnieuw', doc, 'toestemmingsformulier');
    expect(Buffer.from(again.bytes).equals(Buffer.from(form.bytes))).toBe(true);
  }, 60_000);

  it('the longest texts over many combinations still fit: pupils’ version and letter two pages, the form one', async () => {
    const next = random(11);
    const combinations = [...pairwiseCombinations(library), ...Array.from({ length: 200 }, () => randomAssignment(library, next))];
    const longest = new Map<CompanionId, { length: number; values: Values }>();
    for (const combination of combinations) {
      const values = { ...combination, bestuur: 'Stichting Openbaar Primair Onderwijs Voorbeeldstad', naam: 'Openbare Basisschool De Wereldwijze Regenboog', status: 'vastgesteld', instemming: '2026-11-20', ondertekenaar: 'drs. A.B. de Vries-Öztürk' };
      const doc = build(values);
      for (const id of doc.ids) {
        const length = doc.md(id).length;
        if (length > (longest.get(id)?.length ?? 0)) longest.set(id, { length, values });
      }
    }
    expect([...longest.keys()].sort()).toEqual(['leerlingversie', 'ouderbrief', 'toestemmingsformulier']);
    for (const [id, { values }] of longest) {
      const printed = await print('langst', build(values), id);
      expect(printed.pages, `${id} ${JSON.stringify(values)}`).toBeLessThanOrEqual(id === 'toestemmingsformulier' ? 1 : 2);
    }
  }, 90_000);

  it('through the bin: a school that keeps phones in the bag and shows pupils unrecognisably', () => {
    const work = tempDir();
    const result = run(['build', '--preset', 'lankforst', '--zonder', 'ouderbrief'], { cwd: work });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = path.join(work, 'out/preset-lankforst');
    expect(readdirSync(out).sort()).toEqual([
      'leerlingversie.html',
      'leerlingversie.md',
      'leerlingversie.pdf',
      'protocol.html',
      'protocol.md',
      'protocol.pdf',
      'toestemmingsformulier.html',
      'toestemmingsformulier.md',
      'toestemmingsformulier.pdf',
    ]);
    const pupils = flat(pdfText(path.join(out, 'leerlingversie.pdf')));
    expect(pupils).toContain('Hij blijft de hele dag in je tas, ook in de pauze.');
    expect(pupils).toContain('Dan ben je er niet herkenbaar op');
    expect(pupils).toContain('Juffen en meesters hebben nooit contact met je via hun eigen account.');
    const form = flat(pdfText(path.join(out, 'toestemmingsformulier.pdf')));
    expect(form).toContain('Het openbare account van de school op Facebook en Instagram');
    expect(form).not.toMatch(/De (gedrukte )?schoolgids/);
    expect(form).toContain('Voor een publieke activiteit');
    expect(existsSync(path.join(out, 'ouderbrief.pdf'))).toBe(false);
  }, 120_000);
});
