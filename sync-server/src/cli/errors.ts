/** A failure the user can fix: printed as one Italian line on stderr, with the exit code given. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
