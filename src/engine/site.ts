/** A site as the outputs see it: check findings, the report, SARIF. Positions are 1-based. */
export interface Site {
  readonly transform: string;
  readonly file: string;
  readonly module: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  /**
   * `fixable`: migrated by `run` (or would be, in `check`/`report`); `manual`: left alone, see
   * `reason`; `ignored`: opted out by a directive, see `reason`.
   */
  readonly status: 'fixable' | 'manual' | 'ignored';
  readonly reason?: string;
  /** Context name of a protected async site or timer (`BidEngine.start`). */
  readonly contextName?: string;
  /** The source text of the site, for messages and baseline fingerprints. */
  readonly snippet: string;
  /** The enclosing class and function (`BidEngine.start`), which anchors a baseline fingerprint. */
  readonly scope: string;
}
