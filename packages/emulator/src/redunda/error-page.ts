const TITLES: Record<number, string> = {
  400: 'ActionController::BadRequest',
  404: 'ActiveRecord::RecordNotFound',
  500: 'NoMethodError',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * An HTML error page like the ones Redunda serves (its production config shows the Rails debug page).
 * Only the status is meaningful to clients; the text never echoes request parameters (keys are secret).
 */
export function errorPage(status: number, detail?: string): string {
  const title = TITLES[status] ?? `HTTP ${status}`;
  const text = detail ?? title;
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8" />\n' +
    `  <title>Action Controller: Exception caught</title>\n</head>\n<body>\n<header>\n  <h1>${escapeHtml(title)}</h1>\n` +
    `</header>\n<div id="container">\n  <h2>${escapeHtml(text)}</h2>\n</div>\n</body>\n</html>\n`
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
