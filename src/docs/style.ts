/** The /docs page's stylesheet, served inline: the page loads nothing from the network. */
export const DOCS_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #e2e6ee; --bg: #f7f8fb; --accent: #2f5bd3; --get: #1f7a4d; --post: #2f5bd3; --put: #8a5a00; --patch: #7a3fb0; --delete: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { position: sticky; top: 0; z-index: 2; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; padding: 12px 24px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 18px; margin: 0 12px 0 0; }
header input { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; }
#key { width: 28em; font-family: ui-monospace, monospace; font-size: 13px; }
#filter { width: 16em; }
.hint { color: var(--muted); font-size: 13px; }
.layout { display: grid; grid-template-columns: 220px 1fr; gap: 24px; padding: 24px; max-width: 1280px; margin: 0 auto; }
nav { position: sticky; top: 80px; align-self: start; }
nav a { display: block; padding: 4px 8px; color: var(--fg); text-decoration: none; border-radius: 4px; }
nav a:hover { background: #e9edf7; }
nav .count { color: var(--muted); font-size: 12px; float: right; }
section.tag > h2 { font-size: 20px; margin: 24px 0 8px; text-transform: capitalize; }
details.op { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; }
details.op > summary { display: flex; gap: 10px; align-items: center; padding: 10px 14px; cursor: pointer; list-style: none; }
details.op > summary::-webkit-details-marker { display: none; }
.method { display: inline-block; min-width: 64px; text-align: center; color: #fff; font: 600 12px ui-monospace, monospace; padding: 3px 6px; border-radius: 4px; text-transform: uppercase; }
.m-get { background: var(--get); } .m-post { background: var(--post); } .m-put { background: var(--put); } .m-patch { background: var(--patch); } .m-delete { background: var(--delete); }
.path { font: 14px ui-monospace, monospace; }
.summary { color: var(--muted); flex: 1; }
.scope { font: 12px ui-monospace, monospace; padding: 2px 8px; border-radius: 10px; background: #eef1f8; color: #33405c; white-space: nowrap; }
.scope.public { background: #e7f5ee; color: var(--get); }
.body { padding: 4px 16px 16px; border-top: 1px solid var(--line); }
.body h3 { font-size: 14px; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td code, .tree code { font: 13px ui-monospace, monospace; }
.req { color: var(--delete); font-size: 12px; }
.tree { margin: 0; padding-left: 18px; font-size: 13px; }
.tree li { margin: 2px 0; }
.type { color: #7a3fb0; font: 12px ui-monospace, monospace; }
.desc { color: var(--muted); }
pre { background: #0f1420; color: #e6e9ef; padding: 10px 12px; border-radius: 6px; overflow: auto; font: 12.5px/1.45 ui-monospace, monospace; max-height: 420px; white-space: pre-wrap; word-break: break-word; }
form.try { display: grid; gap: 8px; margin-top: 8px; }
form.try label { display: grid; grid-template-columns: 180px 1fr; gap: 8px; align-items: center; font-size: 13px; }
form.try input, form.try textarea { font: 13px ui-monospace, monospace; padding: 5px 8px; border: 1px solid var(--line); border-radius: 5px; width: 100%; }
form.try textarea { min-height: 120px; }
button { font: inherit; padding: 6px 16px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; justify-self: start; }
.status { font: 600 13px ui-monospace, monospace; }
.status.ok { color: var(--get); } .status.err { color: var(--delete); }
#error { color: var(--delete); padding: 24px; }
`;
