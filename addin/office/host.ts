// Waits for Office.js to initialise: the one bootstrap of every page.

export async function whenOfficeReady(): Promise<Office.HostType | null> {
  const info = await Office.onReady();
  return info.host ?? null;
}
