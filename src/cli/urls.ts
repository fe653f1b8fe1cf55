import { CliError } from './errors';

/** Checks the URLs given on the command line: absolute http(s) URLs only, each said back when wrong. */
export function parseTargetUrls(inputs: string[]): string[] {
  return inputs.map((input) => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      const guess = /^[\w.-]+(:\d+)?(\/|$)/.test(input) ? ` Did you mean "http://${input}"?` : '';
      throw new CliError(`"${input}" is not a URL. Pass an absolute http or https URL such as http://127.0.0.1:3000/.${guess}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CliError(`"${input}" is a ${url.protocol} URL; scan reads http and https URLs only (e.g. http://127.0.0.1:3000/).`);
    }
    if (url.username || url.password) {
      throw new CliError(`"${input}" has credentials in it; leave them out (they would end up in the report).`);
    }
    url.hash = '';
    return url.href;
  });
}
