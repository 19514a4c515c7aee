/**
 * `/export` (JSON), `/export/applications.csv` and `/delete`: the signed-in
 * person's own data only, whatever the request carries.
 */
import type { Hono } from 'hono';
import { deleteAccount } from '../../core/users/delete-account.js';
import { applicationsCsv, exportUserData } from '../../core/users/export-data.js';
import { currentUser, endSession } from '../auth/sessions.js';
import type { WebDeps } from '../deps.js';
import { DeleteForm, firstProblem, readForm } from '../forms.js';
import { deleted, deleteForm, exportPage } from '../pages/data-pages.js';
import { page, type WebEnv } from '../respond.js';

export function addDataRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/export', async (c) => {
    if (c.req.query('download') === undefined) return page(c, 'Your data', exportPage());
    const data = await exportUserData(deps.core, currentUser(c));
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="afterview-export.json"');
    c.header('Cache-Control', 'no-store');
    return c.body(JSON.stringify(data, null, 2));
  });

  app.get('/export/applications.csv', async (c) => {
    const data = await exportUserData(deps.core, currentUser(c));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="afterview-applications.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(applicationsCsv(data));
  });

  app.get('/delete', (c) => page(c, 'Delete my data', deleteForm()));
  app.post('/delete', async (c) => {
    const form = DeleteForm.safeParse(await readForm(c.req));
    if (!form.success) return page(c, 'Delete my data', deleteForm(firstProblem(form.error)), 400);
    const userId = currentUser(c);
    const signedIn = c.get('session') !== undefined;
    await deleteAccount(deps.core, userId);
    await deps.local?.afterDelete?.(userId);
    // Deleting the account removed its sessions; clear this browser's cookie too.
    if (signedIn) await endSession(c);
    return page(c, 'Data deleted', deleted(signedIn));
  });
}
