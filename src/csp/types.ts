/**
 * The CSP engine's data model. The parser (parse.ts) makes these, the
 * evaluator (evaluate.ts) and the source matcher (match.ts) read them.
 * This folder imports nothing else of ours.
 */

/** `enforce` for Content-Security-Policy, `report` for Content-Security-Policy-Report-Only. */
export type Disposition = 'enforce' | 'report';

/** Where a policy came from: a response header or a `<meta http-equiv>` tag. */
export type PolicySource = 'header' | 'meta';

export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** Keywords a source list may hold, written without their quotes, lower case. */
export type SourceKeyword =
  | 'self'
  | 'none'
  | 'unsafe-inline'
  | 'unsafe-eval'
  | 'unsafe-hashes'
  | 'strict-dynamic'
  | 'report-sample'
  | 'wasm-unsafe-eval'
  | 'unsafe-allow-redirects'
  | 'trusted-types-eval'
  | 'report-sha256'
  | 'report-sha384'
  | 'report-sha512'
  | 'inline-speculation-rules'
  | 'unsafe-webtransport-hashes';

/**
 * One source expression of a source list, typed. `raw` is the token as
 * received, so messages can show exactly what the server sent.
 */
export type SourceExpression =
  | { kind: 'keyword'; keyword: SourceKeyword; raw: string }
  | { kind: 'nonce'; value: string; raw: string }
  | { kind: 'hash'; algorithm: HashAlgorithm; value: string; raw: string }
  /** `https:`, `data:`, `blob:`; `scheme` lower case without the colon. */
  | { kind: 'scheme'; scheme: string; raw: string }
  /**
   * `example.com`, `*.example.com`, `https://cdn.example.com:8443/js/`, `*`.
   * `host` is lower case without the `*.` prefix; `wildcardHost` says it had one.
   * `host === '*'` is the lone wildcard. `port` is `'*'` for a wildcard port.
   */
  | {
      kind: 'host';
      scheme?: string;
      host: string;
      wildcardHost: boolean;
      port?: string;
      path?: string;
      raw: string;
    }
  /** Anything else: a misspelt keyword (`'self` or `self`), a quoted unknown, garbage. */
  | { kind: 'unknown'; raw: string };

/** One directive of one policy. */
export interface Directive {
  /** Lower case, as browsers compare directive names. */
  name: string;
  /** The value tokens as received (split on ASCII whitespace), in order, duplicates kept. */
  values: string[];
  /** `values` typed, one per token. For directives that are not source lists the kinds are mostly `unknown`. */
  sources: SourceExpression[];
}

/** One problem the parser saw; the evaluator turns these into findings. */
export interface ParseIssue {
  /**
   * `empty-directive`: a directive that takes a value has none (a source list with no value allows nothing).
   * `ignored-in-meta`: report-uri, frame-ancestors and sandbox are dropped from a `<meta>` policy, as browsers do.
   */
  kind: 'duplicate-directive' | 'empty-directive' | 'non-ascii' | 'invalid-directive-name' | 'ignored-in-meta';
  directive?: string;
  /** The token that was skipped, as received. */
  token: string;
}

/** One policy. Several of them may apply to one response. */
export interface Policy {
  /** Directives in the order received; a duplicate directive name is not here (the first one wins), it is in `issues`. */
  directives: Directive[];
  disposition: Disposition;
  source: PolicySource;
  /** The serialized policy this was parsed from (one comma-separated part of a header). */
  raw: string;
  issues: ParseIssue[];
}
