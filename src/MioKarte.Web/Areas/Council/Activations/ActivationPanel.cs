using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.Council.Activations;

/// <summary>The activation of a registered application's 管理責任者, as the council sees it.</summary>
public sealed record ActivationPanelView(
    Guid ActivationId,
    Guid Version,
    string FacilityCode,
    string UserName,
    string AdministratorName,
    string Email,
    ActivationState State,
    DateTime SentAtUtc,
    int SendCount,
    DateTime ExpiresAtUtc,
    DateTime? UsedAtUtc,
    DateTime? CancelledAtUtc,
    string? CancelledBy,
    DateTime? TwoFactorEnabledAtUtc,
    DateTime? CertificateIssuedAtUtc)
{
    /// <summary>再送 is possible until the link is used (pending, expired or cancelled).</summary>
    public bool CanResend => State != ActivationState.Used;

    public bool CanCancel => State is ActivationState.Pending or ActivationState.Expired;
}

/// <summary>
/// The activation panel of an application's pages (<c>_ActivationPanel</c>): the activation, or none before
/// registration. Loaded by the controller into the page's model — the partial only renders it.
/// </summary>
public sealed record ActivationPanel(ActivationPanelView? Activation)
{
    public static ActivationPanel None { get; } = new((ActivationPanelView?)null);
}

/// <summary>Reads the activation panel of an application; an empty panel before registration.</summary>
public sealed class ActivationPanelHandler(MioKarteDbContext db, TimeProvider time, Shared.CouncilActorsHandler actors) : IUseCaseHandler
{
    public async Task<ActivationPanel> HandleAsync(Guid applicationId)
    {
        var row = await (from a in db.AccountActivations
                         join u in db.Users on a.UserId equals u.Id
                         join f in db.Facilities on a.FacilityId equals f.Id
                         where a.ApplicationId == applicationId
                         select new { Activation = a, u.UserName, u.DisplayName, u.Email, f.Code })
            .AsNoTracking().FirstOrDefaultAsync();
        if (row is null)
        {
            return ActivationPanel.None;
        }

        var activation = row.Activation;
        // 取消 is shown with the council member's 氏名, not their 利用者ID.
        var cancelledBy = activation.CancelledBy is { } by ? await actors.DisplayNameAsync(by) : null;
        return new ActivationPanel(new ActivationPanelView(
            activation.Id, activation.Version, row.Code, row.UserName ?? "", row.DisplayName, row.Email ?? "",
            activation.StateAt(time.GetUtcNow().UtcDateTime), activation.SentAtUtc, activation.SendCount, activation.ExpiresAtUtc,
            activation.UsedAtUtc, activation.CancelledAtUtc, cancelledBy, activation.TwoFactorEnabledAtUtc,
            activation.CertificateIssuedAtUtc));
    }
}
