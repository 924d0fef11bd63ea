const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

const shell = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/playground/assets/playground.css">
</head>
<body>
${body}
</body>
</html>
`;

export interface FlowSummary {
  name: string;
  screens: number;
  problems: number;
}

/** GET /playground: the served flows, each a link to its page. */
export function flowListPage(flows: readonly FlowSummary[]): string {
  const items = flows
    .map(
      (flow) =>
        `<li><a href="/playground/${encodeURIComponent(flow.name)}">${escapeHtml(flow.name)}</a>` +
        ` <span class="muted">${flow.screens} screen${flow.screens === 1 ? '' : 's'}` +
        `${flow.problems > 0 ? `, ${flow.problems} validator problem${flow.problems === 1 ? '' : 's'}` : ''}</span></li>`,
    )
    .join('\n');
  return shell(
    'Playground: flows',
    `<main class="flow-list">
<h1>Playground</h1>
<p>The flows this server serves. Open one to click through it against this endpoint.</p>
<ul>
${items || '<li>No flows are registered.</li>'}
</ul>
</main>`,
  );
}

/** GET /playground/<flow>: the page's script renders the flow into #app. */
export function flowPage(name: string, assetsBuilt: boolean): string {
  if (!assetsBuilt) {
    return shell(
      `Playground: ${name}`,
      `<main class="flow-list"><h1>Playground</h1><p role="alert">The playground's page is not built: run <code>npm run build</code> and reload.</p></main>`,
    );
  }
  return shell(
    `Playground: ${name}`,
    `<div id="app" data-flow="${escapeHtml(name)}"></div>
<script src="/playground/assets/playground.js"></script>`,
  );
}
