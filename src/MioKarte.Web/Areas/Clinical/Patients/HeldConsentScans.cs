using Microsoft.AspNetCore.DataProtection;
using MioKarte.Core.Patients;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Patients;

/// <summary>A scan held for a form sent back: the seal the page carries, and the file name to show.</summary>
public sealed record HeldScan(string Seal, string FileName, string HeldName);

/// <summary>
/// Keeps the 同意書 scan across a 患者IDの登録 form sent back with an error (a typo in the birth
/// date): a browser cannot refill a file field, so without this the nurse would have to find and
/// choose the scan again. The bytes wait in <see cref="ConsentScanStore"/> (outside the web root,
/// deleted when used or after the hold lifetime); the page carries only a seal of the user, the
/// held name and the file name, so nobody else's page can use it.
/// </summary>
public sealed class HeldConsentScans(ConsentScanStore store, IDataProtectionProvider protection, TimeProvider time)
{
    private const int FileNameMaxLength = 100;

    private IDataProtector Protector => protection.CreateProtector("MioKarte.Patients.HeldConsentScan");

    /// <summary>Holds a scan that passed the content check; null when it did not (an executable renamed .pdf is never kept).</summary>
    public async Task<HeldScan?> HoldAsync(string userId, string? fileName, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0 || content.Length > PatientOptions.MaxConsentScanBytes || ConsentScanFormat.Inspect(content) is not { } inspected)
        {
            return null;
        }

        var name = await store.HoldAsync(inspected.Content, time.GetUtcNow().UtcDateTime, cancellationToken);
        var shown = Path.GetFileName(fileName ?? "").Replace('|', '_');
        shown = shown.Length > FileNameMaxLength ? shown[..FileNameMaxLength] : shown;
        return new HeldScan(ExpiringSeal.Seal(Protector, time, ConsentScanStore.HoldLifetime, userId, name, shown), shown, name);
    }

    /// <summary>The held scan of <paramref name="seal"/> when it is this user's and still held; else null.</summary>
    public async Task<(HeldScan Held, byte[] Content)?> OpenAsync(string userId, string? seal, CancellationToken cancellationToken) =>
        ExpiringSeal.Open(Protector, time, seal, maxLength: 2000) is [var owner, var name, var shown] && owner == userId
            && await store.ReadHeldAsync(name, cancellationToken) is { } content
            ? (new HeldScan(seal!, shown, name), content)
            : null;

    /// <summary>The form is saved (the scan is stored with its link): the held copy goes.</summary>
    public void Release(HeldScan held)
    {
        ArgumentNullException.ThrowIfNull(held);
        store.Release(held.HeldName);
    }
}
