import { describe, expect, it } from 'vitest';
import { runWizard } from '../src/wizard/wizard.js';
import { fakePrompts, type Step } from './helpers/fake-prompts.js';
import { fixtureLibrary } from './helpers/fixtures.js';

const library = fixtureLibrary();
const options = { today: '2026-11-22', print: () => undefined };

const identity: Step[] = [
  ['naam', 'De Regenboog'],
  ['bestuur', ''],
  ['plaats', 'Utrecht'],
  ['versie', ''],
  ['datum', ''],
  ['status', 'concept'],
  ['raad', 'MR'],
];

describe('wizard', () => {
  it('asks every applicable question in order, then the review', async () => {
    const prompts = fakePrompts(library, [...identity, ['schoolaccount', 'open'], ['platforms', ['facebook']], ['telefoon', 'inleveren'], ['review', '__klaar__']]);
    const values = await runWizard(library, {}, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    expect(values).toEqual({
      naam: 'De Regenboog',
      bestuur: '',
      plaats: 'Utrecht',
      versie: '1.0',
      datum: '2026-11-22',
      status: 'concept',
      raad: 'MR',
      schoolaccount: 'open',
      platforms: ['facebook'],
      telefoon: 'inleveren',
    });
  });

  it('skips a question whose condition does not hold', async () => {
    const prompts = fakePrompts(library, [...identity, ['schoolaccount', 'geen'], ['telefoon', 'in-tas'], ['review', '__klaar__']]);
    const values = await runWizard(library, {}, prompts, options);
    expect(prompts.asked).not.toContain('platforms');
    expect(values.platforms).toBeUndefined();
  });

  it('fails on a question the script does not expect', async () => {
    const prompts = fakePrompts(library, [...identity, ['schoolaccount', 'open'], ['telefoon', 'in-tas']]);
    await expect(runWizard(library, {}, prompts, options)).rejects.toThrow(/unexpected question "platforms"/);
  });

  it('asks only what the given answers miss', async () => {
    const given = { naam: 'X', bestuur: '', plaats: 'Y', versie: '2.0', datum: '2026-01-01', status: 'concept', raad: 'GMR', schoolaccount: 'besloten' };
    const prompts = fakePrompts(library, [['platforms', ['instagram']], ['telefoon', 'in-tas'], ['review', '__klaar__']]);
    const values = await runWizard(library, given, prompts, options);
    expect(prompts.asked).toEqual(['platforms', 'telefoon', 'review']);
    expect(values).toMatchObject({ raad: 'GMR', platforms: ['instagram'] });
  });

  it('lets the user change an answer in the review, then asks what became applicable', async () => {
    const given = { naam: 'X', bestuur: '', plaats: 'Y', versie: '1.0', datum: '2026-01-01', status: 'concept', raad: 'MR', schoolaccount: 'geen', telefoon: 'in-tas' };
    const prompts = fakePrompts(library, [
      ['review', 'schoolaccount'],
      ['schoolaccount', 'open'],
      ['platforms', ['instagram', 'facebook']],
      ['review', 'telefoon'],
      ['telefoon', 'inleveren'],
      ['review', '__klaar__'],
    ]);
    const values = await runWizard(library, given, prompts, options);
    expect(prompts.remaining()).toEqual([]);
    expect(values).toMatchObject({ schoolaccount: 'open', platforms: ['instagram', 'facebook'], telefoon: 'inleveren' });
  });

  it('rejects an invalid date through the question validation', async () => {
    const prompts = fakePrompts(library, [...identity.slice(0, 4), ['datum', '22-11-2026']]);
    await expect(runWizard(library, {}, prompts, options)).rejects.toThrow(/JJJJ-MM-DD/);
  });
});
