using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.Council.Registrations;

/// <summary>What registration will create (or created), for the council's confirmation page.</summary>
public sealed record RegistrationPage(
    Guid Id,
    string ReceiptNumber,
    ApplicationStatus Status,
    Guid Version,
    string FacilityName,
    FacilityType FacilityType,
    string AdministratorName,
    string AdministratorEmail,
    int UserCount,
    int PcTerminalCount,
    int IpadTerminalCount,
    string? ApprovedBy,
    bool FourEyesBlocksCurrentUser,
    string? FacilityCode)
{
    public int TerminalAllowance => PcTerminalCount + IpadTerminalCount;

    /// <summary>The clinical rights ticked when the page opens: the facility type's defaults.</summary>
    public UserRights DefaultClinicalRights => FacilityRights.ClinicalDefaultsFor(FacilityType);

    /// <summary>The administrator's activation once registered (loaded by the controller, never by the view).</summary>
    public Activations.ActivationPanel ActivationPanel { get; init; } = Activations.ActivationPanel.None;
}

public sealed class RegistrationPageHandler(MioKarteDbContext db, IOptions<CouncilOptions> council, Shared.CouncilActorsHandler actors) : IUseCaseHandler
{
    public async Task<RegistrationPage?> HandleAsync(Guid applicationId, Actor actor)
    {
        var application = await db.ParticipationApplications.AsNoTracking().Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == applicationId);
        if (application is null)
        {
            return null;
        }

        var data = application.Data;
        var facilityCode = await db.Facilities.Where(f => f.ApplicationId == applicationId).Select(f => f.Code).FirstOrDefaultAsync();
        return new RegistrationPage(
            application.Id,
            application.ReceiptNumber,
            application.Status,
            application.Version,
            data.FacilityName,
            data.FacilityType,
            data.AdministratorName,
            data.AdministratorEmail,
            data.UserCount,
            data.PcTerminalCount,
            data.IpadTerminalCount,
            application.ApprovedBy is { } approvedBy ? await actors.DisplayNameAsync(approvedBy) : null,
            council.Value.RequireFourEyes && application.Status == ApplicationStatus.Approved &&
                string.Equals(application.ApprovedBy, actor.UserName, StringComparison.Ordinal),
            facilityCode);
    }
}
