/**
 * An error the user can fix: bad usage, bad config, nothing matched. Any layer throws it; the CLI
 * prints its message alone (no stack) and exits with `exitCode`.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
