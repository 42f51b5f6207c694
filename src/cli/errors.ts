/** Exit codes (README, "Exit codes"); only the CLI knows them. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** An error that ends the run with a message and an exit code (2 unless said otherwise). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_ERROR) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_ERROR);
    this.name = 'UsageError';
  }
}
