/**
 * What a command gets from outside instead of globals: its output streams, the working folder
 * and how the program was started. Commands return their exit code (0 done, 1 a document failed or
 * is stale, 2 bad usage or input); only main() in program.ts sets the process's exit code.
 */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  /** --debug: show stack traces with errors. */
  debug?: boolean;
  /** How the user started the program, for the usage line of the help (see self.ts). */
  command?: string;
}
