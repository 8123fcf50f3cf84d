using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>Step 3: the name of the terminal the first certificate is for (it appears in the certificate) and its kind.</summary>
public sealed class TerminalNameInput
{
    /// <summary>PC or iPad: the terminal list shows it, and an iPad's certificate page explains the install on iPadOS.</summary>
    public TerminalKind Kind { get; set; } = TerminalKind.Pc;

    public const int MaxLength = 40;

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(MaxLength, ErrorMessage = "Validation.TooLong")]
    [RegularExpression(@"^[^\p{C}]+$", ErrorMessage = "Activation.Certificate.TerminalNameInvalid")]
    [Display(Name = "Field.TerminalName")]
    public string TerminalName { get; set; } = "";
}

public sealed record FirstCertificateView(string FacilityName, string FacilityCode, int TerminalAllowance, bool AlreadyIssued);

public sealed record FirstCertificatePage(FirstCertificateView View, TerminalNameInput Input);

/// <summary>
/// The certificate step's page, for the signed-in administrator whose registration activation (made
/// by 登録完了, so it names its application) has its second factor; null for anyone else — an invited
/// user with 利用者の管理 gets terminals from the 管理責任者's console; demo or older accounts have no
/// activation.
/// </summary>
public sealed class FirstCertificatePageHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<FirstCertificateView?> HandleAsync(Actor actor) =>
        await (from a in db.AccountActivations
               join f in db.Facilities on a.FacilityId equals f.Id
               where a.UserId == actor.UserId && a.TwoFactorEnabledAtUtc != null && a.ApplicationId != null
               select new FirstCertificateView(f.Name, f.Code, f.TerminalAllowance, a.CertificateIssuedAtUtc != null))
            .SingleOrDefaultAsync();
}

/// <summary>What the administrator sees once: the one-time password, and the PKCS#12 to download.</summary>
public sealed record IssuedCertificateView(
    string FacilityCode, string TerminalName, string SerialNumber, DateTime NotAfterUtc, string OneTimePassword, string Package);

public abstract record IssueFirstCertificateOutcome
{
    private IssueFirstCertificateOutcome()
    {
    }

    public sealed record Issued(IssuedCertificateView View) : IssueFirstCertificateOutcome;

    /// <summary>The activation's certificate was issued already (a double submit, a second tab): no second one.</summary>
    public sealed record AlreadyIssued : IssueFirstCertificateOutcome;

    public sealed record NotFound : IssueFirstCertificateOutcome;
}

/// <summary>
/// Issues the first terminal certificate through the network CA (<see cref="ITerminalCertificateIssuer"/>):
/// the CA adds its record to this DbContext and the activation records the issue, and ONE save
/// commits both. Only then are the PKCS#12 and its one-time password handed out; the password is
/// never stored.
/// </summary>
public sealed class IssueFirstCertificateHandler(
    MioKarteDbContext db,
    ITerminalCertificateIssuer issuer,
    TimeProvider time,
    IDataProtectionProvider protection,
    ILogger<IssueFirstCertificateHandler> logger) : IUseCaseHandler
{
    public async Task<IssueFirstCertificateOutcome> HandleAsync(Actor actor, TerminalNameInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var activation = await db.AccountActivations.SingleOrDefaultAsync(a => a.UserId == actor.UserId && a.TwoFactorEnabledAtUtc != null && a.ApplicationId != null);
        if (activation is null)
        {
            return new IssueFirstCertificateOutcome.NotFound();
        }

        if (activation.CertificateIssuedAtUtc is not null)
        {
            return new IssueFirstCertificateOutcome.AlreadyIssued();
        }

        var facility = await db.Facilities.SingleAsync(f => f.Id == activation.FacilityId);
        if (!facility.IsActive)
        {
            return new IssueFirstCertificateOutcome.NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var terminalName = input.TerminalName.Trim();
        activation.RecordCertificate(actor.UserName, now);
        // The first certificate's terminal, of the kind the administrator chose (an administrator who
        // activates on the facility's iPad takes it there); its place and person in charge are filled
        // in later on the terminal pages (/facility/terminals).
        var kind = Enum.IsDefined(input.Kind) ? input.Kind : TerminalKind.Pc;
        var terminal = Terminal.Register(facility.Id, terminalName, kind, null, null, actor.UserName, now);
        db.Terminals.Add(terminal);
        var issued = await issuer.IssueAsync(new TerminalCertificateRequest(facility.Id, terminal.Id, facility.Code, facility.Name, terminalName, actor.UserName));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return new IssueFirstCertificateOutcome.AlreadyIssued();
        }

        logger.LogInformation("Activation {ActivationId}: first terminal certificate {SerialNumber} issued", activation.Id, issued.SerialNumber);
        var fileName = CertificatePackage.FileName(facility.Code, issued.SerialNumber);
        return new IssueFirstCertificateOutcome.Issued(new IssuedCertificateView(
            facility.Code, terminalName, issued.SerialNumber, issued.NotAfterUtc, issued.OneTimePassword,
            CertificatePackage.Seal(protection, time, actor.UserId, fileName, issued.Pkcs12)));
    }
}

/// <summary>
/// The PKCS#12 travels to the browser inside the result page, sealed with the data-protection keys,
/// for <see cref="Lifetime"/>, bound to the account; the download POSTs it back and gets the file.
/// Nothing is kept on the server, and a reload of the page issues nothing.
/// </summary>
public static class CertificatePackage
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const string Purpose = "MioKarte.Account.CertificatePackage";

    public static string FileName(string facilityCode, string serialNumber) =>
        $"MioKarte-{facilityCode}-{serialNumber[..Math.Min(8, serialNumber.Length)]}.p12";

    public static string Seal(IDataProtectionProvider protection, TimeProvider time, string userId, string fileName, byte[] pkcs12)
    {
        ArgumentNullException.ThrowIfNull(protection);
        return ExpiringSeal.Seal(protection.CreateProtector(Purpose), time, Lifetime, userId, fileName, Convert.ToBase64String(pkcs12));
    }

    /// <summary>The file of a sealed package, if it is this account's and not too old; null otherwise.</summary>
    public static (string FileName, byte[] Content)? Open(IDataProtectionProvider protection, TimeProvider time, string userId, string? sealedPackage)
    {
        ArgumentNullException.ThrowIfNull(protection);
        return ExpiringSeal.Open(protection.CreateProtector(Purpose), time, sealedPackage, maxLength: 100_000) is [var owner, var fileName, var content] &&
               owner == userId
            ? (fileName, Convert.FromBase64String(content))
            : null;
    }
}
