/** The one small stylesheet every page shares: readable, phone first. */
export const PAGE_CSS = `
:root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--line:#d9dee4;--bg:#f4f5f7;--card:#fff;--accent:#1d4ed8;--accent-ink:#fff;--bad:#b42318;--good:#067647}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
header.top{background:var(--card);border-bottom:1px solid var(--line)}
header.top div,main{max-width:44rem;margin:0 auto;padding:.75rem 1rem}
header.top div{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}
header.top .brand{font-size:1.1rem;font-weight:700;color:var(--ink);text-decoration:none;margin-right:auto}
header.top a{color:var(--accent)}
main{padding-top:1.25rem;padding-bottom:3rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
h2{font-size:1.2rem;line-height:1.3;margin:0 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
p{margin:0 0 .75rem}
a{color:var(--accent);overflow-wrap:anywhere}
.muted{color:var(--muted);font-size:.95rem}
.subtitle{color:var(--muted);font-weight:600;margin-top:-.5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem;margin:0 0 1rem;overflow-wrap:anywhere}
.card>:last-child,ul.plain li>:last-child{margin-bottom:0}
.card>h3:first-child{margin-top:0}
.facts{margin:0 0 1rem;padding:0;display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem}
.facts dt{font-weight:600}
.facts dd{margin:0}
ul.plain{list-style:none;margin:0;padding:0}
ul.plain li{padding:.5rem 0;border-top:1px solid var(--line)}
ul.plain li:first-child{border-top:0}
blockquote{margin:0 0 .75rem;padding:.75rem 1rem;border-left:4px solid #9aa5b1;background:#f9fafb;white-space:pre-wrap}
.button,button{display:inline-block;min-height:44px;padding:.6rem 1.1rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);font:inherit;font-weight:600;text-decoration:none;cursor:pointer;margin:0 .5rem .5rem 0}
.button.secondary,button.secondary{background:var(--card);color:var(--accent);border-color:#9aa5b1}
button.danger{background:var(--bad);border-color:var(--bad)}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
form .field{margin:0 0 1rem}
label{font-weight:600;display:block;margin:0 0 .25rem}
label.inline{display:inline;font-weight:400;margin-right:1rem}
fieldset{border:1px solid var(--line);border-radius:8px;margin:0 0 1rem;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
input[type=text],input[type=email],input[type=url],input[type=number],input[type=date],select,textarea{font:inherit;width:100%;max-width:100%;padding:.55rem .65rem;border:1px solid #9aa5b1;border-radius:6px;background:#fff;color:var(--ink)}
input[type=number]{width:7rem}
select.unit{width:auto}
textarea{min-height:8rem;line-height:1.5}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.notice{border-left:4px solid var(--accent);background:#eef4ff;padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}
.notice.error{border-color:var(--bad);background:#fef3f2}
.notice.ok{border-color:var(--good);background:#ecfdf3}
.tag{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;border-radius:999px;background:#e4e7eb;color:var(--ink);vertical-align:middle}
.tag.good{background:#dcfae6;color:#05603a}
.tag.bad{background:#fee4e2;color:#912018}
form.inline{display:inline}
form.sign-out{display:inline;margin:0}
button.link{background:none;border:0;color:var(--accent);padding:0;min-height:44px;margin:0;font-weight:400;text-decoration:underline}
section>h2{margin-top:1.5rem}
details{margin:0 0 .75rem}
summary{cursor:pointer;color:var(--accent);font-weight:600;min-height:44px;display:flex;align-items:center}
.card.task{border-left:4px solid var(--accent)}
ol.timeline{list-style:none;margin:.5rem 0 .75rem .4rem;padding:0 0 0 1rem;border-left:2px solid var(--line)}
ol.timeline li{position:relative;padding:0 0 .5rem}
ol.timeline li::before{content:"";position:absolute;left:-1.43rem;top:.35rem;width:.75rem;height:.75rem;border-radius:50%;background:var(--accent);border:2px solid var(--card)}
ol.timeline li.prompt::before{background:#9aa5b1}
ol.timeline li.done::before{background:var(--good)}
ol.timeline li.news::before{background:#b54708}
ol.timeline li.dismissed{color:var(--muted)}
ol.timeline li.dismissed::before{background:var(--card);border-color:#9aa5b1}
ol.timeline li.next::before{background:var(--card);border-color:var(--accent)}
ol.timeline li.next{font-weight:600}
ol.timeline time{display:block;font-size:.85rem;color:var(--muted);font-weight:400}
.inline-links a{font-size:.9rem;margin-left:.5rem}
.tag.offer{background:#d1fadf}
.tag.rejected{background:#fee4e2}
iframe.mail{width:100%;height:70vh;border:1px solid var(--line);border-radius:8px;background:#fff}
table.list{width:100%;border-collapse:collapse}
table.list th,table.list td{text-align:left;padding:.5rem .25rem;border-top:1px solid var(--line);vertical-align:top}
@media (max-width:30rem){.facts{grid-template-columns:1fr}.facts dd{margin-bottom:.4rem}table.list thead{display:none}table.list td{display:block;border:0;padding:.1rem 0}table.list tr{display:block;border-top:1px solid var(--line);padding:.5rem 0}}
`;

/**
 * The only script: a "Copy text" button next to drafts, shown when the
 * clipboard API is there. Pages work without it.
 */
export const PAGE_JS = `
const textOf = (el) => ('value' in el ? el.value : el.textContent) || '';
for (const b of document.querySelectorAll('button[data-copy]')) {
  if (!navigator.clipboard) continue;
  b.hidden = false;
  b.addEventListener('click', async () => {
    const source = document.getElementById(b.dataset.copy);
    if (!source) return;
    await navigator.clipboard.writeText(textOf(source));
    b.textContent = 'Copied';
  });
}
`;
