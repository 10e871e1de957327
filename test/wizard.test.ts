import { describe, expect, it } from 'vitest';
import { ask, groupQuestions, runWizard } from '../src/wizard/wizard.js';
import { completeAnswers } from '../src/answers/load.js';
import { defaultValue, withDefaults } from '../src/answers/schema.js';
import { loadLibrary, type Library } from '../src/library/load.js';
import { BACK, fakePrompts, type Step } from './helpers/fake-prompts.js';
import { fixtureLibrary } from './helpers/fixtures.js';

const library = fixtureLibrary();
const printed: string[] = [];
const options = { today: '2026-11-22', print: (line: string) => void printed.push(line) };

/** The short route of the fixture library: the school, then its one core decision. */
const shortRoute: Step[] = [
  ['naam', 'De Regenboog'],
  ['bestuur', ''],
  ['plaats', 'Utrecht'],
  ['schoolaccount', 'open'],
];

describe('wizard: the short route', () => {
  it('asks the school and the core decisions first, then takes the recommended choices for the rest', async () => {
    printed.length = 0;
    const prompts = fakePrompts(library, [...shortRoute, ['verder', '__aanbevolen__'], ['review', '__klaar__']]);
    const { values, answered } = await runWizard(library, {}, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    expect(prompts.asked).toEqual(['naam', 'bestuur', 'plaats', 'schoolaccount', 'verder', 'review']);
    expect(values).toEqual({
      naam: 'De Regenboog',
      bestuur: '',
      plaats: 'Utrecht',
      versie: '1.0',
      datum: '2026-11-22',
      status: 'concept',
      raad: 'MR',
      schoolaccount: 'open',
      platforms: ['instagram'],
      telefoon: 'in-tas',
    });
    // Only what the user answered counts as answered (a school file that extends a board writes only that).
    expect(answered).toEqual(['naam', 'bestuur', 'plaats', 'schoolaccount']);
    // Every screen says where the user is: position, length of the round, and the chapter.
    expect(printed).toContain('Vraag 1 van 4 · De school');
    expect(printed).toContain('Vraag 4 van 4 · De school op sociale media · Esc: vorige vraag');
  });

  it('walks through the rest chapter by chapter when asked', async () => {
    printed.length = 0;
    const prompts = fakePrompts(library, [
      ...shortRoute,
      ['verder', '__alles__'],
      // Het document first, then the chapters in document order.
      ['versie', ''],
      ['datum', ''],
      ['status', ''],
      ['raad', 'GMR'],
      ['platforms', ['facebook']],
      ['telefoon', 'inleveren'],
      ['review', '__klaar__'],
    ]);
    const { values } = await runWizard(library, {}, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    expect(values).toMatchObject({ raad: 'GMR', platforms: ['facebook'], telefoon: 'inleveren' });
    expect(printed).toContain('Vraag 6 van 6 · Afspraken voor leerlingen · Esc: vorige vraag');
  });

  it('walks through one chapter, then offers the rest again', async () => {
    const prompts = fakePrompts(library, [
      ...shortRoute,
      ['verder', 'leerlingen'],
      ['telefoon', 'inleveren'],
      ['verder', '__aanbevolen__'],
      ['review', '__klaar__'],
    ]);
    const { values, answered } = await runWizard(library, {}, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    expect(values.telefoon).toBe('inleveren');
    expect(answered).toContain('telefoon');
    expect(answered).not.toContain('platforms');
  });

  it('goes back one question with Esc, keeping the answer given as the default', async () => {
    printed.length = 0;
    const prompts = fakePrompts(library, [
      ['naam', 'De Regenboog'],
      ['bestuur', 'Stichting Fout'],
      ['plaats', BACK],
      ['bestuur', 'Stichting Goed'],
      ['plaats', 'Utrecht'],
      ['schoolaccount', BACK],
      ['plaats', ''],
      ['schoolaccount', 'geen'],
      ['verder', '__aanbevolen__'],
      ['review', '__klaar__'],
    ]);
    const { values } = await runWizard(library, {}, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    // Enter on the question gone back to keeps what was typed before.
    expect(values).toMatchObject({ bestuur: 'Stichting Goed', plaats: 'Utrecht', schoolaccount: 'geen' });
    expect(values.platforms).toBeUndefined();
  });

  it('has no placeholder for the school name: Enter on an empty name is refused', async () => {
    const prompts = fakePrompts(library, [['naam', '']]);
    await expect(runWizard(library, {}, prompts, options)).rejects.toThrow(/Dit antwoord is verplicht/);
  });

  it('fails on a question the script does not expect', async () => {
    const prompts = fakePrompts(library, [['naam', 'X'], ['bestuur', ''], ['plaats', 'Y'], ['telefoon', 'in-tas']]);
    await expect(runWizard(library, {}, prompts, options)).rejects.toThrow(/unexpected question "schoolaccount"/);
  });

  it('asks only what the given answers miss', async () => {
    const given = { naam: 'X', bestuur: '', plaats: 'Y', versie: '2.0', datum: '2026-01-01', status: 'concept', raad: 'GMR', schoolaccount: 'besloten' };
    const prompts = fakePrompts(library, [['verder', '__alles__'], ['platforms', ['instagram']], ['telefoon', 'in-tas'], ['review', '__klaar__']]);
    const { values } = await runWizard(library, given, prompts, options);
    expect(prompts.asked).toEqual(['verder', 'platforms', 'telefoon', 'review']);
    expect(values).toMatchObject({ raad: 'GMR', platforms: ['instagram'] });
  });

  it('rejects an invalid date through the question validation', async () => {
    const prompts = fakePrompts(library, [...shortRoute, ['verder', '__alles__'], ['versie', ''], ['datum', '22-11-2026']]);
    await expect(runWizard(library, {}, prompts, options)).rejects.toThrow(/JJJJ-MM-DD/);
  });
});

describe('wizard: a complete answers file', () => {
  const complete = { naam: 'X', bestuur: '', plaats: 'Y', versie: '1.0', datum: '2026-01-01', status: 'concept', raad: 'MR', schoolaccount: 'geen', telefoon: 'in-tas' };

  it('offers the review, walking through every question, or starting over', async () => {
    const prompts = fakePrompts(library, [['start', 'overzicht'], ['review', '__klaar__']]);
    const { values, answered } = await runWizard(library, complete, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    expect(values).toEqual(complete);
    expect(answered).toEqual([]);
  });

  it('walks through every question with the current answers as defaults', async () => {
    const steps: Step[] = ['naam', 'bestuur', 'plaats', 'versie', 'datum', 'status', 'raad', 'schoolaccount', 'telefoon'].map((id) => [id, id === 'telefoon' ? 'inleveren' : '']);
    const prompts = fakePrompts(library, [['start', 'alles'], ...steps, ['review', '__klaar__']]);
    const { values } = await runWizard(library, complete, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    expect(values).toEqual({ ...complete, telefoon: 'inleveren' });
  });

  it('starts over from what a board file gives', async () => {
    const inherited = { versie: '1.0', datum: '2026-01-01', status: 'concept', raad: 'GMR', telefoon: 'inleveren' };
    const prompts = fakePrompts(library, [['start', 'opnieuw'], ['naam', 'Nieuw'], ['bestuur', ''], ['plaats', 'Ede'], ['schoolaccount', 'geen'], ['review', '__klaar__']]);
    const { values } = await runWizard(library, { ...inherited, naam: 'Oud', bestuur: '', plaats: 'Urk', schoolaccount: 'open', platforms: ['facebook'] }, prompts, { ...options, inherited });
    expect(prompts.remaining()).toEqual([]);
    expect(values).toEqual({ ...inherited, naam: 'Nieuw', bestuur: '', plaats: 'Ede', schoolaccount: 'geen' });
  });

  it('reviews by chapter: open a group, change an answer, answer what became applicable, go back', async () => {
    printed.length = 0;
    const prompts = fakePrompts(library, [
      ['start', 'overzicht'],
      ['review', 'sectie:school'],
      ['groep', 'naam'],
      ['naam', 'Nieuwe Naam'],
      ['groep', '__terug__'],
      ['review', 'school-wrong'],
    ]);
    await expect(runWizard(library, complete, prompts, options)).rejects.toThrow(/"school-wrong" is not a choice/);
    const groups = printed.filter((l) => /^ {2}\S/.test(l));
    expect(groups).toEqual(['  De school', '  Het document', '  De school op sociale media', '  Afspraken voor leerlingen', '  De school', '  Het document', '  De school op sociale media', '  Afspraken voor leerlingen']);

    const change = fakePrompts(library, [
      ['start', 'overzicht'],
      ['review', 'school'],
      ['groep', 'schoolaccount'],
      ['schoolaccount', 'open'],
      ['platforms', ['instagram', 'facebook']],
      ['groep', BACK],
      ['review', '__klaar__'],
    ]);
    const { values } = await runWizard(library, complete, change, options);
    expect(change.remaining()).toEqual([]);
    expect(values).toMatchObject({ schoolaccount: 'open', platforms: ['instagram', 'facebook'] });
  });

  it('puts a choice question without a chapter in the group "Overig"', () => {
    const extra: Library = { ...library, questions: [...library.questions, { id: 'los', section: 'keuzes', type: 'choice', prompt: 'Los?', help: '', choices: [] }] };
    const groups = groupQuestions(extra, extra.questions);
    expect(groups.map((g) => g.title)).toEqual(['De school', 'Het document', 'De school op sociale media', 'Afspraken voor leerlingen', 'Overig']);
  });
});

describe('the built-in library in the wizard', () => {
  const real = loadLibrary();

  it('marks about twelve core decisions and gives every choice question a chapter', () => {
    const core = real.questions.filter((q) => q.core);
    expect(core.length).toBeGreaterThanOrEqual(10);
    expect(core.length).toBeLessThanOrEqual(14);
    const chapters = new Set(real.chapters.map((c) => c.id));
    for (const q of real.questions.filter((q) => q.section === 'keuzes')) expect(chapters.has(q.chapter ?? ''), q.id).toBe(true);
  });

  it('the media default follows the earlier answers: the social media only with an account, the parent app only when there is one', () => {
    const media = real.questions.find((q) => q.id === 'media');
    if (!media) throw new Error('media missing');
    expect(defaultValue(media, undefined, withDefaults(real.questions, { schoolaccount: 'geen', ouderapp: 'geen' }))).toEqual(['website', 'nieuwsbrief', 'schoolgids']);
    expect(defaultValue(media, undefined, withDefaults(real.questions, { schoolaccount: 'open', ouderapp: 'geen' }))).toEqual(['website', 'nieuwsbrief', 'sociale-media', 'schoolgids']);
    expect(defaultValue(media, undefined, withDefaults(real.questions, {}))).toEqual(['website', 'nieuwsbrief', 'sociale-media', 'ouderapp', 'schoolgids']);
    // --yes and a file that leaves `media` out get the same.
    expect(completeAnswers(real, { datum: '2026-11-22', schoolaccount: 'geen', ouderapp: 'buiten' }).values.media).toEqual(['website', 'nieuwsbrief', 'ouderapp', 'schoolgids']);
    // A file that names social media without an account: the choice does not count, and the user is told.
    const answers = completeAnswers(real, { naam: 'A', plaats: 'B', versie: '1.0', datum: '2026-11-22', schoolaccount: 'geen', media: ['website', 'sociale-media'] }, '/tmp/a.yaml');
    expect(answers.values.media).toEqual(['website']);
    expect(answers.warnings?.[0]).toMatch(/`keuzes\.media` noemt "de sociale media van de school", maar dat past niet bij de andere antwoorden/);
  });

  it('offers only the media that fit, and says which choice is recommended without reading as a warning', async () => {
    const media = real.questions.find((q) => q.id === 'media');
    const toestemming = real.questions.find((q) => q.id === 'toestemming');
    if (!media || !toestemming) throw new Error('question missing');
    let offered: string[] = [];
    let descriptions: string[] = [];
    let names: string[] = [];
    const prompts = {
      input: async () => '',
      select: async <T,>(config: { choices: { name: string; value: T; description?: string }[] }) => {
        names = config.choices.map((c) => c.name);
        descriptions = config.choices.map((c) => c.description ?? '');
        return config.choices[0]?.value as T;
      },
      checkbox: async <T,>(config: { choices: { value: T; checked?: boolean }[] }) => {
        offered = config.choices.map((c) => String(c.value));
        return [] as T[];
      },
    };
    await ask(media, undefined, real, prompts, options, { schoolaccount: 'geen', ouderapp: 'binnen' });
    expect(offered).toEqual(['website', 'nieuwsbrief', 'ouderapp', 'schoolgids']);
    await ask(toestemming, undefined, real, prompts, { ...options, width: 60 }, {});
    expect(names.filter((n) => n.endsWith('(aanbevolen)'))).toHaveLength(1);
    expect(descriptions.join('\n')).toContain('Aanbevolen; staat niet in de vijf voorbeeldprotocollen.');
    expect(descriptions.join('\n')).not.toContain('Nieuwe keuze');
    // Wrapped at the width, never inside a word.
    for (const line of descriptions.join('\n').split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
});
