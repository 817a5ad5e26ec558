import { describe, expect, it } from 'vitest';
import { plainText, previewOf, sanitizeBody, searchableText } from './sanitize.ts';

/** Classic XSS payloads: none may leave anything executable in the stored body. */
const payloads: Array<[string, string]> = [
  ['script tag', '<p>Bonjour</p><script>alert(1)</script>'],
  ['script with src', '<script src="https://evil.example/x.js"></script>'],
  ['img onerror', '<img src=x onerror="alert(1)">'],
  ['body onload', '<body onload=alert(1)>texte</body>'],
  ['div onclick', '<div onclick="alert(1)" onmouseover="alert(2)">clic</div>'],
  ['javascript link', '<a href="javascript:alert(1)">lien</a>'],
  ['javascript link, encoded', '<a href="jav&#x09;ascript:alert(1)">lien</a>'],
  ['javascript link, upper case', '<a href="JaVaScRiPt:alert(1)">lien</a>'],
  ['data: URL link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">lien</a>'],
  ['vbscript link', '<a href="vbscript:msgbox(1)">lien</a>'],
  ['svg onload', '<svg onload="alert(1)"><circle r="10"/></svg>'],
  ['svg script', '<svg><script>alert(1)</script></svg>'],
  ['style tag', '<style>body{background:url(javascript:alert(1))}</style><p>x</p>'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object', '<object data="evil.swf"></object>'],
  ['embed', '<embed src="evil.swf">'],
  ['form action', '<form action="https://evil.example"><input name="p"></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="https://evil.example/">'],
  ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ['math', '<math><mtext><script>alert(1)</script></mtext></math>'],
  ['template', '<template><script>alert(1)</script></template>'],
  ['unclosed attribute trick', '<a href="https://ok.example" onfocus="alert(1)" autofocus>lien</a>'],
  ['comment breaking out', '<!--<img src="--><img src=x onerror=alert(1)//">'],
  ['nested script split', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
];

describe('message body sanitization', () => {
  it.each(payloads)('%s leaves nothing executable', (_name, payload) => {
    const clean = sanitizeBody(payload);
    expect(clean).not.toMatch(/<\s*(script|style|iframe|svg|img|object|embed|form|input|meta|base|link|math|template|body)\b/i);
    expect(clean).not.toMatch(/\son\w+\s*=/i);
    expect(clean).not.toMatch(/javascript:|vbscript:|data:/i);
    expect(clean).not.toMatch(/style\s*=/i);
  });

  it('keeps formatting and safe links, and makes links open safely elsewhere', () => {
    expect(sanitizeBody('<p>Bonjour <strong>à tous</strong>, voir <a href="https://www.onisep.fr" target="_self" rel="opener">Onisep</a></p>')).toBe(
      '<p>Bonjour <strong>à tous</strong>, voir <a href="https://www.onisep.fr" rel="noopener noreferrer nofollow" target="_blank">Onisep</a></p>',
    );
    expect(sanitizeBody('<ul><li>un</li><li><em>deux</em></li></ul><blockquote>cité</blockquote>')).toBe(
      '<ul><li>un</li><li><em>deux</em></li></ul><blockquote>cité</blockquote>',
    );
    expect(sanitizeBody('<a href="mailto:vie.scolaire@lycee.fr">écrire</a>')).toContain('href="mailto:vie.scolaire@lycee.fr"');
  });

  it('turns a body into text for previews and search', () => {
    const text = plainText(sanitizeBody('<p>Réunion &amp; conseil</p><p>Lundi&nbsp;8h</p><script>x()</script>'));
    expect(text).toBe('Réunion & conseil\nLundi 8h');
    expect(previewOf('a'.repeat(200))).toHaveLength(140);
    expect(previewOf(text)).toBe('Réunion & conseil\nLundi 8h');
    // What a contenteditable writes when Enter follows a first line typed without a paragraph.
    expect(previewOf(plainText(sanitizeBody('Première ligne.<div>Deuxième ligne.</div>')))).toBe('Première ligne.\nDeuxième ligne.');
    expect(previewOf('Bonjour,\n\n  Demain   la sortie\t a lieu.\n')).toBe('Bonjour,\nDemain la sortie a lieu.');
    expect(searchableText('Élèves', 'Conseil de classe')).toBe('eleves conseil de classe');
  });
});
