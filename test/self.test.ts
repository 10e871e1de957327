/** Suggested commands name the program as the user started it. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { namingStream, selfCommand } from '../src/cli/self.js';

describe('selfCommand', () => {
  it('is `schoolprotocol` when installed, and `node <path>` when started from a clone', () => {
    expect(selfCommand('/usr/local/bin/schoolprotocol', '/home/ik')).toBe('schoolprotocol');
    expect(selfCommand('/home/ik/project/node_modules/.bin/schoolprotocol', '/home/ik/project')).toBe('schoolprotocol');
    expect(selfCommand(undefined, '/home/ik')).toBe('schoolprotocol');
    expect(selfCommand('/home/ik/schoolprotocol/bin/schoolprotocol.js', '/home/ik/schoolprotocol')).toBe('node bin/schoolprotocol.js');
    // Outside the working folder: the full path, never ../..
    expect(selfCommand('/tmp/fc/bin/schoolprotocol.js', '/tmp/sp-test-1')).toBe('node /tmp/fc/bin/schoolprotocol.js');
  });
});

describe('namingStream', () => {
  const sink = () => {
    let text = '';
    const stream = Object.assign(new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) }), { isTTY: true, columns: 100 });
    return { stream, text: () => text };
  };

  it('rewrites suggested commands and keeps the stream\'s own properties', () => {
    const { stream, text } = sink();
    const named = namingStream(stream, 'node bin/schoolprotocol.js');
    named.write('Voer `schoolprotocol build protocol.yaml` uit. Dit is schoolprotocol 0.1.\n');
    expect(text()).toBe('Voer `node bin/schoolprotocol.js build protocol.yaml` uit. Dit is schoolprotocol 0.1.\n');
    expect(named.isTTY).toBe(true);
    expect(named.columns).toBe(100);
  });

  it('leaves the stream alone when the program is installed', () => {
    const { stream } = sink();
    expect(namingStream(stream, 'schoolprotocol')).toBe(stream);
  });
});
