/**
 * A browser for tests of single sign-on with real clients: one cookie jar per origin, redirects followed
 * by hand so each hop can be checked.
 */

/** The cookies of one site, as a browser keeps them. */
export class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** A browser: one cookie jar per origin, redirects followed by hand so each hop can be checked. */
export function browser() {
  const jars = new Map<string, Jar>();
  const jar = (url: string) => {
    const origin = new URL(url).origin;
    if (!jars.has(origin)) jars.set(origin, new Jar());
    return jars.get(origin)!;
  };
  return {
    async get(url: string): Promise<Response> {
      const response = await fetch(url, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', cookie: jar(url).header() } });
      jar(url).take(response);
      return response;
    },
    /** Follows redirects until a page answers or the next hop is the web app's login page. */
    async follow(url: string, stopAt = '/connexion'): Promise<{ response: Response; url: string; hops: string[] }> {
      const hops: string[] = [];
      let current = url;
      for (let i = 0; i < 10; i++) {
        const response = await this.get(current);
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location) return { response, url: current, hops };
        current = new URL(location, current).href;
        hops.push(current);
        if (new URL(current).pathname === stopAt) return { response, url: current, hops };
      }
      throw new Error(`too many redirects: ${hops.join(' → ')}`);
    },
    /** A form POST, as a browser submits a page's form. */
    async postForm(url: string, fields: Record<string, string>): Promise<Response> {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar(url).header() },
        body: new URLSearchParams(fields),
      });
      jar(url).take(response);
      return response;
    },
    async post(url: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', cookie: jar(url).header(), ...headers },
        body: JSON.stringify(body),
      });
      jar(url).take(response);
      return response;
    },
  };
}

