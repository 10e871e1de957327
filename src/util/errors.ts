/**
 * Expected failures carry a Dutch message for the user and an exit code; anything else is a bug.
 * Commands throw these; only the top-level handler in cli.ts prints them and sets the exit code.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 130 = 2,
  ) {
    super(message);
  }
}

/** Bad usage or bad input: exit code 2. */
export function inputError(message: string): UserError {
  return new UserError(message, 2);
}
