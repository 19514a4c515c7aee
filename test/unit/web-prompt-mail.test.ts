import { describe, expect, it } from 'vitest';
import type { PromptView } from '../../functions/core/ports.js';
import { PromptMailRenderer } from '../../functions/web/prompt-mail.js';
import { HOSTILE } from '../support/web-fixtures.js';

function view(over: Partial<PromptView> = {}): PromptView {
  return {
    kind: 'thank-you',
    to: 'sam.lee@example.com',
    subject: 'Thank Jane Doe for the Acme onsite',
    headline: 'Time to thank Jane Doe',
    why: 'Your interview "Acme onsite" ended Tue 3 Mar, 15:00 CET (Europe/Berlin).',
    facts: [
      { label: 'When', value: 'Tue 3 Mar, 14:00 CET (Europe/Berlin)' },
      { label: 'With', value: 'Jane Doe, Bo Li' },
    ],
    items: [
      {
        heading: 'Thank Jane Doe',
        body: 'A short note within a day helps.',
        draft: {
          toName: 'Jane Doe',
          to: 'jane@acme.example',
          subject: 'Thank you – Backend Engineer',
          body: 'Hi Jane,\n\nThank you for your time today.\n\nBest regards,\nSam Lee',
          mailto: 'mailto:jane@acme.example?subject=Thank%20you&body=Hi%20Jane',
          editUrl: 'https://afterview.test/a/draft-token',
        },
        actions: [{ label: 'I sent it', url: 'https://afterview.test/a/sent-token' }],
      },
    ],
    actions: [
      { label: 'I heard back', url: 'https://afterview.test/a/heard-token' },
      { label: 'Not an interview', url: 'https://afterview.test/a/not-token' },
    ],
    unsubscribeUrl: 'https://afterview.test/a/pause-token',
    dashboardUrl: 'https://afterview.test/',
    ...over,
  };
}

const renderer = new PromptMailRenderer();

describe('PromptMailRenderer', () => {
  it('puts every link of the view in the HTML, and only the short ones in the text part', () => {
    const { html, text } = renderer.render(view());
    const urls = [
      'https://afterview.test/a/draft-token',
      'https://afterview.test/a/heard-token',
      'https://afterview.test/a/not-token',
      'https://afterview.test/a/pause-token',
      'https://afterview.test/',
    ];
    for (const url of urls) {
      expect(html).toContain(`href="${url}"`);
      expect(text).toContain(url);
    }
    expect(html).toContain('href="mailto:jane@acme.example?subject=Thank%20you&amp;body=Hi%20Jane"');
    expect(html).toContain('href="https://afterview.test/a/sent-token"');
    // In plain text a mailto: link is paragraphs long; the draft's page opens it, and marks it sent.
    expect(text).not.toContain('mailto:');
    expect(text).not.toContain('sent-token');
    expect(text.match(/https?:\/\//g)).toHaveLength(5);
  });

  it('keeps the item actions in the text part when there is no draft page', () => {
    const { text } = renderer.render(
      view({
        items: [{ heading: 'Ask', actions: [{ label: 'Done', url: 'https://afterview.test/a/done-token' }] }],
      }),
    );
    expect(text).toContain('Done: https://afterview.test/a/done-token');
  });

  it('has a preview line that mail apps show after the subject, hidden in the mail itself', () => {
    const { html, text } = renderer.render(view({ preview: '2 drafts ready: Jane Doe, Bo Li.' }));
    expect(html).toMatch(
      /<body[^>]*>\n<div style="display:none;[^"]*">2 drafts ready: Jane Doe, Bo Li\.<\/div>/,
    );
    expect(text).not.toContain('2 drafts ready');
  });

  it('makes a meeting link clickable, and only a safe one', () => {
    const { html } = renderer.render(
      view({
        facts: [
          { label: 'Join', value: 'https://meet.example/abc', url: 'https://meet.example/abc' },
          { label: 'Bad', value: 'javascript:alert(1)', url: 'javascript:alert(1)' },
        ],
      }),
    );
    expect(html).toContain('<strong>Join:</strong> <a href="https://meet.example/abc"');
    expect(html).toContain('<strong>Bad:</strong> javascript:alert(1)</p>');
    expect(html).not.toContain('href="javascript:');
  });

  it('carries the why line, the facts, the draft as a quote with its buttons, and the footer', () => {
    const { html, text } = renderer.render(view());
    // Why it came sits in the footer, under the content.
    expect(html).toMatch(
      /<p style="[^"]*">Why you got this: Your interview &quot;Acme onsite&quot; ended[^<]*<br>\nAfterview drafts; you send/,
    );
    expect(html.indexOf('Why you got this')).toBeGreaterThan(html.indexOf('Anything new?'));
    expect(html).toContain('<strong>When:</strong> Tue 3 Mar, 14:00 CET (Europe/Berlin)');
    expect(html).toMatch(/<blockquote[^>]*>Hi Jane,<br><br>Thank you for your time today\./);
    expect(html).toContain('>Open in my mail app</a>');
    expect(html).toContain('>Edit first</a>');
    expect(html).toContain('>Pause these prompts</a>');
    expect(html).toContain('>Open your dashboard</a>');
    expect(text).toContain('Why you got this: Your interview "Acme onsite" ended');
    expect(text.indexOf('Why you got this')).toBeGreaterThan(text.indexOf('Anything new?'));
    expect(text).toContain('When: Tue 3 Mar, 14:00 CET (Europe/Berlin)');
    expect(text).toContain('Draft to Jane Doe <jane@acme.example>');
    expect(text).toContain('> Hi Jane,\n> \n> Thank you for your time today.');
    expect(text).toContain('Edit and send: https://afterview.test/a/draft-token');
    expect(text).toContain('Pause: https://afterview.test/a/pause-token');
  });

  it('keeps the HTML email-safe: inline styles, a narrow column, no style or script elements', () => {
    const { html } = renderer.render(view());
    expect(html).toContain('max-width:600px');
    expect(html).not.toMatch(/<style|<script/i);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('escapes hostile calendar text everywhere in the HTML', () => {
    const hostile = view({
      subject: HOSTILE,
      headline: HOSTILE,
      why: HOSTILE,
      facts: [{ label: HOSTILE, value: HOSTILE }],
      items: [
        {
          heading: HOSTILE,
          body: HOSTILE,
          draft: {
            toName: HOSTILE,
            to: HOSTILE,
            subject: HOSTILE,
            body: HOSTILE,
            mailto: 'mailto:x@y.example',
          },
          actions: [{ label: HOSTILE, url: 'https://afterview.test/a/t' }],
        },
      ],
      actions: [{ label: HOSTILE, url: 'https://afterview.test/a/u' }],
    });
    const { html } = renderer.render(hostile);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('</style>');
    expect(html).toContain(
      '&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;/style&gt;&lt;script&gt;',
    );
  });

  it('turns links that are not http(s) or mailto into inert ones', () => {
    const { html } = renderer.render(
      view({ actions: [{ label: 'Bad', url: 'javascript:alert(1)' }], dashboardUrl: 'data:text/html,hi' }),
    );
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:text');
    expect(html).toContain('href="#"');
  });

  it('makes the subject one plain line', () => {
    const { subject } = renderer.render(view({ subject: 'Thank Jane\r\nBcc: victim@example.com\n  now' }));
    expect(subject).toBe('Thank Jane Bcc: victim@example.com now');
  });

  it('bounds a very long subject', () => {
    const { subject } = renderer.render(view({ subject: 'x'.repeat(1000) }));
    expect(subject.length).toBe(200);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('renders a prompt with no draft and no prompt-wide actions', () => {
    const { html, text } = renderer.render(
      view({ items: [{ heading: 'Prepare for Acme', actions: [] }], actions: [], facts: [] }),
    );
    expect(html).toContain('Prepare for Acme');
    expect(html).not.toContain('Anything new?');
    expect(html).not.toContain('Open in your mail app');
    expect(text).toContain('== Prepare for Acme ==');
    expect(text).not.toContain('Anything new?');
  });
});
