/**
 * Reading files safely and saying in Dutch what went wrong with the file system. Only regular files
 * are read, from the descriptor that was opened (so a file swapped for a FIFO or a device between a
 * check and the read cannot hang or flood the program), and never more than the limit plus one byte:
 * `stat.size` is not trusted (it is 0 for /dev/zero and FIFOs).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { inputError, UserError } from './errors.js';
import { displayPath } from './paths.js';

/** The file-system error codes that get a Dutch message of their own. */
const CODES = ['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EEXIST', 'EISDIR', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'ETXTBSY', 'EXDEV'] as const;
type Code = (typeof CODES)[number];

/** System calls that change the file system: their failure is a failed write (exit 1), not bad input. */
const WRITING = new Set(['mkdir', 'rename', 'write', 'unlink', 'rmdir', 'rm', 'copyfile', 'symlink', 'link', 'ftruncate', 'fsync', 'chmod', 'utime', 'mkdtemp']);

export function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code ?? '');
}

function reason(code: Code | string, writing: boolean): string {
  switch (code) {
    case 'ENOENT':
      return writing ? 'de map bestaat niet (meer). Controleer het pad of maak de map aan.' : 'niet gevonden. Controleer het pad.';
    case 'ENOTDIR':
      return 'een deel van dit pad is een bestand, geen map. Controleer het pad (bijvoorbeeld bij `extends` of --out), of verwijder het bestand dat in de weg staat.';
    case 'ELOOP':
      return 'dit pad loopt via symbolische koppelingen (symlinks) in een kring. Herstel of verwijder de koppeling.';
    case 'ENAMETOOLONG':
      return 'dit pad of een naam erin is te lang. Kies een kortere naam of een map dichter bij de hoofdmap.';
    case 'EACCES':
    case 'EPERM':
      return writing
        ? 'geen schrijfrechten hier. Controleer de rechten (chmod) of kies met --out een andere map.'
        : 'geen leesrechten voor dit bestand of deze map. Controleer de rechten (chmod) of kies een ander bestand.';
    case 'EROFS':
      return 'deze schijf is alleen-lezen. Kies met --out een map op een schijf waarop u mag schrijven.';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'de schijf is vol (of uw quotum is op). Maak ruimte vrij en voer de opdracht opnieuw uit.';
    case 'EEXIST':
      return 'hier staat al iets dat in de weg staat. Verwijder of hernoem het, of kies met --out een andere map.';
    case 'EISDIR':
      return writing ? 'dit is een map, maar hier moet een bestand komen. Verwijder of hernoem de map.' : 'dit is een map, geen bestand. Geef het pad naar een bestand.';
    case 'EMFILE':
    case 'ENFILE':
      return 'er zijn te veel bestanden tegelijk open. Sluit andere programma’s of bouw minder scholen tegelijk.';
    case 'EBUSY':
    case 'ETXTBSY':
      return 'dit bestand is in gebruik door een ander programma. Sluit dat programma en probeer het opnieuw.';
    case 'EXDEV':
      return 'dit pad ligt op een andere schijf dan verwacht. Kies met --out een gewone map.';
    default:
      return writing ? `schrijven lukte niet (${code}). Controleer de schijf en de rechten.` : `lezen lukte niet (${code}). Controleer het bestand en de rechten.`;
  }
}

/**
 * A file-system error as a Dutch message that names the path and the fix: exit 2 when reading
 * (bad input), 1 when writing failed. Anything that is not a file-system error is returned as it is.
 */
export function fileError(error: unknown, file?: string): unknown {
  if (error instanceof UserError || !isFsError(error)) return error;
  const writing = WRITING.has(error.syscall ?? '');
  const where = error.path ?? file;
  const message = `${where ? `${displayPath(where)}: ` : ''}${reason(error.code, writing)}`;
  return new UserError(message, writing ? 1 : 2);
}

export interface ReadOptions {
  /** What the file is, for messages: "antwoordbestand", "protocol". */
  what: string;
  /** At most this many bytes. */
  limit: number;
}

/**
 * Reads a regular file, at most `limit` bytes (a larger file is an error), from the descriptor it
 * opened. Directories, FIFOs, sockets and devices are refused with a Dutch message, without waiting
 * for a writer (the file is opened non-blocking).
 */
export function readRegularFile(file: string, options: ReadOptions): Buffer {
  return Buffer.from(readRegularFileShared(file, options));
}

/** The buffer that readRegularFileShared reads into, reused by the next read; it grows to at most SHARED_MAX. */
let shared = Buffer.allocUnsafeSlow(64 * 1024);
const SHARED_MAX = 1024 * 1024;

/**
 * readRegularFile without a buffer of its own: the bytes are a view of a buffer that the next call
 * (on this thread) overwrites, so use them before reading another file. A batch reads an answers
 * file per school: a buffer per file cost a collection of garbage every 40 or so files (collectJobs
 * on 1000 files: 15 ms of its 50).
 */
export function readRegularFileShared(file: string, { what, limit }: ReadOptions): Buffer {
  const shown = () => displayPath(file);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    if (isFsError(error) && error.code === 'ENOENT') throw inputError(`${shown()}: ${what} niet gevonden. Controleer het pad.`);
    if (isFsError(error) && error.code === 'EISDIR') throw inputError(`${shown()}: dit is een map, geen ${what}. Geef het pad naar een bestand.`);
    if (isFsError(error) && (error.code === 'ENXIO' || error.code === 'EOPNOTSUPP')) throw notRegular(shown(), what);
    throw fileError(error, file);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw inputError(`${shown()}: dit is een map, geen ${what}. Geef het pad naar een bestand.`);
    if (!stat.isFile()) throw notRegular(shown(), what);
    let buffer = shared;
    let total = 0;
    // Read until the end or one byte past the limit, whatever stat.size says. The first read
    // expects stat.size (one byte more, to see the end); after a short read only a small one
    // follows, to confirm the end, and after a full one a large one.
    let size = Math.max(1, stat.size + 1);
    while (total <= limit) {
      const length = Math.min(size, limit + 1 - total);
      if (total + length > buffer.length) {
        const larger = Buffer.allocUnsafeSlow(Math.max(total + length, Math.min(2 * buffer.length, limit + 1)));
        buffer.copy(larger, 0, 0, total);
        buffer = larger;
        if (larger.length <= SHARED_MAX) shared = larger;
      }
      let read: number;
      try {
        read = readSync(fd, buffer, total, length, null);
      } catch (error) {
        if (isFsError(error) && error.code === 'EAGAIN') throw notRegular(shown(), what);
        throw fileError(error, file);
      }
      if (read === 0) break;
      total += read;
      size = read === length ? 64 * 1024 : 1024;
    }
    if (total > limit) {
      throw inputError(`${shown()}: het bestand is te groot voor een ${what} (meer dan ${Math.round(limit / 1024)} kB). Is dit het goede bestand?`);
    }
    return buffer.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

function notRegular(shown: string, what: string): UserError {
  return inputError(`${shown}: dit is geen gewoon bestand (maar bijvoorbeeld een pijp, apparaat of socket), dus geen ${what}. Geef het pad naar een gewoon bestand.`);
}
