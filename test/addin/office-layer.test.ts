// addin/office against the stand-in host: item context per mode, id conversion, save, theme, failures as OfficeError.
import { OfficeError } from '../../addin/office/async';
import { readMark, writeMark } from '../../addin/office/custom-properties';
import { readItemContext, saveItem, toRestId } from '../../addin/office/item';
import { isDarkTheme } from '../../addin/office/theme';
import { ewsToRest, installOffice } from './helpers/office-stand-in';

describe('item context', () => {
  it('when in read mode, then the REST id comes from itemId', async () => {
    installOffice({ mode: 'read', ewsId: 'AAMk/x+y=', subject: 'Visit' });
    expect(await readItemContext()).toEqual({ mode: 'read', restId: 'AAMk-x_y=', subject: 'Visit' });
  });

  it('when composing a new appointment, then there is no id yet (ItemNotSaved is not an error)', async () => {
    installOffice({ mode: 'organizer', ewsId: null, subject: 'Draft' });
    expect(await readItemContext()).toEqual({ mode: 'organizer', restId: null, subject: 'Draft' });
  });

  it('when saved, then saveItem returns the REST id of the saved item', async () => {
    const office = installOffice({ mode: 'organizer', ewsId: null });
    expect(await saveItem()).toBe(ewsToRest(office.ewsId!));
    expect(office.saves).toBe(1);
  });

  it('when in read mode, then saving is refused with an OfficeError', async () => {
    installOffice({ mode: 'read', ewsId: 'A=' });
    await expect(saveItem()).rejects.toBeInstanceOf(OfficeError);
  });

  it('when on Outlook for iOS, then ids are already REST and pass through', () => {
    installOffice({ mode: 'read', ewsId: 'A/b=' });
    (Office.context.mailbox.diagnostics as { hostName: string }).hostName = 'OutlookIOS';
    expect(toRestId('A/b=')).toBe('A/b=');
  });
});

describe('custom property mark', () => {
  it('round-trips through the item custom properties and is saved', async () => {
    const office = installOffice({ mode: 'organizer', ewsId: null });
    expect(await readMark()).toBeNull();
    await writeMark({ track: true, link: { model: 'res.partner', id: '7', name: 'Acme' } });
    expect(await readMark()).toEqual({ track: true, link: { model: 'res.partner', id: '7', name: 'Acme' } });
    expect(office.savedProperties.has('erpSync')).toBe(true);
  });
});

describe('theme', () => {
  it.each([
    ['#1f1f1f', true],
    ['#ffffff', false],
    ['#f3f2f1', false],
  ])('when the body background is %s, then dark is %s', (bodyBackgroundColor, dark) => {
    installOffice({ mode: 'read', ewsId: 'A=', bodyBackgroundColor });
    expect(isDarkTheme()).toBe(dark);
  });
});
