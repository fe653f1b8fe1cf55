import { auditHeaders, UsageError } from '../../src';
import { createHeaderSet } from '../../src/response/header-set';
import { kindOfMime, mimeEssence, responseKind } from '../../src/response/kind';

const ct = (...values: string[]) => createHeaderSet(values.map((v) => ['Content-Type', v] as const));

describe('responseKind reads Content-Type as a browser does', () => {
  test.each([
    ['text/html; charset=utf-8', 'document'],
    ['application/xhtml+xml', 'document'],
    ['image/svg+xml', 'document'],
    ['application/xml', 'document'],
    ['application/atom+xml', 'document'],
    ['application/json', 'api'],
    ['Application/JSON; charset=UTF-8', 'api'],
    ['application/problem+json', 'api'],
    ['application/x-ndjson', 'api'],
    ['text/event-stream', 'api'],
    ['application/grpc+proto', 'api'],
    ['text/javascript', 'script'],
    ['application/javascript; charset=utf-8', 'script'],
    ['application/wasm', 'script'],
    ['text/css', 'style'],
    ['image/png', 'media'],
    ['font/woff2', 'media'],
    ['application/vnd.ms-fontobject', 'media'],
    ['video/mp4', 'media'],
    ['text/plain; charset=utf-8', 'other'],
    ['application/pdf', 'other'],
    ['application/octet-stream', 'other'],
  ])('%s is %s', (value, kind) => {
    const verdict = responseKind(ct(value));
    expect(verdict.kind).toBe(kind);
    expect(verdict.reason).toContain('Content-Type');
  });

  test('no Content-Type, an unparseable one or an unknown type is sniffed, so judged as a document', () => {
    expect(responseKind(createHeaderSet([]))).toEqual({ kind: 'document', reason: expect.stringContaining('no Content-Type') });
    expect(responseKind(ct('json'))).toEqual({ kind: 'document', reason: expect.stringContaining('is not a MIME type') });
    expect(responseKind(ct('unknown/unknown')).kind).toBe('document');
    expect(responseKind(ct('*/*')).kind).toBe('document');
  });

  test('of several values the last valid one counts (Fetch "extract a MIME type"); */* is passed over', () => {
    expect(mimeEssence(ct('text/html', 'application/json'))).toBe('application/json');
    expect(mimeEssence(ct('text/css, nonsense'))).toBe('text/css');
    expect(mimeEssence(ct('text/plain; x="a,b", */*'))).toBe('text/plain');
  });

  test('a stated kind wins, and a 204 has no body to judge as a page', () => {
    expect(responseKind(ct('text/html'), 'api')).toEqual({ kind: 'api', reason: "kind: 'api' was passed" });
    expect(responseKind(createHeaderSet([], { status: 204 })).kind).toBe('other');
    expect(kindOfMime('image/svg+xml')).toBe('document');
  });
});

describe('the kind option and the report', () => {
  test('the report says what the response was judged as and why', () => {
    const report = auditHeaders({ 'content-type': 'application/json' });
    expect(report.kind).toBe('api');
    expect(report.kindReason).toBe('Content-Type application/json');
    expect(auditHeaders({ 'content-type': 'application/json' }, { kind: 'document' }).kind).toBe('document');
  });

  test('a bad kind is a UsageError naming the value and the choices', () => {
    expect(() => auditHeaders({}, { kind: 'json' as never })).toThrow(UsageError);
    expect(() => auditHeaders({}, { kind: 'json' as never })).toThrow(
      'toHaveSecureHeaders options: kind must be one of "document", "api", "script", "style", "media", "other"; received "json".',
    );
  });
});
