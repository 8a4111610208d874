/** Tiny request builders for `app.handle(...)` tests (Elysia's own test style). */
export const req = (path: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, init);

export const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  req(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

export const json = async (res: Response): Promise<any> => res.json();
