import type { Io } from '../io.js';
import { loadLibrary } from '../../library/load.js';

export async function runPresets({ io }: { io: Io }): Promise<number> {
  const library = loadLibrary();
  io.stdout.write('Beschikbare presets. Bouw er een met `schoolprotocol build --preset NAAM`, bijvoorbeeld `schoolprotocol build --preset aanbevolen`:\n\n');
  const width = Math.max(...library.presets.map((p) => p.id.length));
  for (const preset of library.presets) {
    io.stdout.write(`  ${preset.id.padEnd(width)}  ${preset.name}\n  ${' '.repeat(width)}  ${preset.description}\n`);
  }
  return 0;
}
