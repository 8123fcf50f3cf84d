using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Web.Areas.Apply.Application;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>An application stored for a test: its id, receipt number and the applicant's status token.</summary>
public sealed record TestApplication(Guid Id, string ReceiptNumber, string StatusToken);

/// <summary>
/// One valid participation application, as the four steps of the form, as an input, and stored in
/// the portal in any status.
/// </summary>
public static class SampleApplication
{
    private static int receiptSequence = 900000;

    /// <summary>Fresh copies of the four steps' fields, so a test may change its own.</summary>
    public static Dictionary<string, string>[] Steps(string facilityName = "南多摩クリニック") =>
    [
        new()
        {
            ["FacilityName"] = facilityName,
            ["FacilityNameKana"] = "ミナミタマクリニック",
            ["FacilityType"] = "Clinic",
            ["InstitutionCode"] = "0110113719",
            ["PostalCode"] = "193-0832",
            ["Address"] = "東京都八王子市散田町3-10-1",
            ["Phone"] = "042-663-0111",
        },
        new()
        {
            ["FounderName"] = "南多摩 一郎",
            ["FounderTitle"] = "院長",
            ["ManagerName"] = "南多摩 一郎",
            ["ManagerTitle"] = "院長",
            ["AdministratorName"] = "南多摩 花子",
            ["AdministratorNameKana"] = "ミナミタマ ハナコ",
            ["AdministratorDepartment"] = "事務",
            ["AdministratorPhone"] = "042-663-0112",
            ["AdministratorEmail"] = "kanri@example.jp",
        },
        new()
        {
            ["UserCount"] = "5",
            ["PcTerminalCount"] = "2",
            ["IpadTerminalCount"] = "1",
            ["Connection"] = "InternetSsl",
            ["DesiredStartDate"] = "2027-01-04",
        },
        new()
        {
            ["AgreesToIdLinkTerms"] = "true",
            ["AgreesToOperatingRules"] = "true",
            ["PrivacyPolicyUpdated"] = "true",
        },
    ];

    /// <summary>The same application as the input a handler takes.</summary>
    public static ApplicationInput Input(string facilityName)
    {
        var input = new ApplicationInput();
        foreach (var (field, value) in Steps(facilityName).SelectMany(step => step))
        {
            var property = typeof(ApplicationInput).GetProperty(field)!;
            property.SetValue(input, property.PropertyType == typeof(bool) ? bool.Parse(value) : value);
        }

        return input;
    }

    /// <summary>
    /// Stores the sample application for <paramref name="facilityName"/> (changed by
    /// <paramref name="change"/>) submitted at <paramref name="submittedAtUtc"/> (default: three days
    /// ago) and moved to <paramref name="status"/> as the workflow gets there, reviewed and approved
    /// by <paramref name="reviewer"/>.
    /// </summary>
    public static async Task<TestApplication> AddApplicationAsync(
        this PortalFactory portal,
        string facilityName,
        ApplicationStatus status = ApplicationStatus.AwaitingDocuments,
        Func<ParticipationApplicationData, ParticipationApplicationData>? change = null,
        DateTime? submittedAtUtc = null,
        string reviewer = "council-reviewer")
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(SubmitApplicationHandler.TokenPurpose);
        var input = Input(facilityName);
        ApplicationValidation.Normalise(input);
        var data = ApplicationValidation.ToData(input);
        data = change is null ? data : change(data);
        var at = submittedAtUtc ?? portal.Clock.GetUtcNow().UtcDateTime.AddDays(-3);
        var receipt = "MK-2026-" + Interlocked.Increment(ref receiptSequence).ToString("D6", CultureInfo.InvariantCulture);
        var (application, token) = ParticipationApplication.Submit(data, Guid.NewGuid(), receipt, at, protector.Protect);
        MoveTo(application, status, reviewer, at.AddHours(1));
        db.ParticipationApplications.Add(application);
        await db.SaveChangesAsync();
        return new TestApplication(application.Id, receipt, token);
    }

    /// <summary>The application as stored now, with its history.</summary>
    public static async Task<ParticipationApplication> StoredAsync(this PortalFactory portal, Guid id)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        return await db.ParticipationApplications.AsNoTracking().Include(a => a.Events).SingleAsync(a => a.Id == id);
    }

    /// <summary>Moves the stored application outside any page, as another council member would at the portal's current time.</summary>
    public static async Task ChangeStoredAsync(this PortalFactory portal, Guid id, Action<ParticipationApplication, DateTime> move)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(move);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var application = await db.ParticipationApplications.Include(a => a.Events).SingleAsync(a => a.Id == id);
        move(application, portal.Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
    }

    private static void MoveTo(ParticipationApplication application, ApplicationStatus status, string reviewer, DateTime at)
    {
        switch (status)
        {
            case ApplicationStatus.AwaitingDocuments:
                break;
            case ApplicationStatus.UnderReview:
                application.ReceiveDocuments(reviewer, at);
                break;
            case ApplicationStatus.Returned:
                application.ReceiveDocuments(reviewer, at);
                application.Return(reviewer, "開設者の役職をご確認ください。", at.AddMinutes(1));
                break;
            case ApplicationStatus.Approved:
                application.ReceiveDocuments(reviewer, at);
                application.Approve(reviewer, at.AddMinutes(1));
                break;
            case ApplicationStatus.Registered:
                application.ReceiveDocuments(reviewer, at);
                application.Approve(reviewer, at.AddMinutes(1));
                application.CompleteRegistration("council-registrar", at.AddMinutes(2), requireFourEyes: true);
                break;
            case ApplicationStatus.Rejected:
                application.Reject(reviewer, "対象地域外です。", at);
                break;
            case ApplicationStatus.Received:
                throw new ArgumentOutOfRangeException(nameof(status), status, "An application never rests in Received.");
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
    }
}
