using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Patients;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.AccessLog;

/// <summary>Rows of the access log written through the real writer, and the patients they name.</summary>
internal static class AccessLogSteps
{
    public static Actor Actor(string userName, Guid? facilityId, string displayName = "閲覧 花子", string? terminal = null) =>
        new("id-" + userName, userName, displayName, facilityId, new HashSet<string>(), new HashSet<string>(),
            terminal is null ? null : Guid.NewGuid(), terminal, "req-" + Guid.NewGuid().ToString("N")[..8]);

    public static async Task<FacilityPatient> AddPatientAsync(this PortalFactory portal, Guid facilityId, string localPatientId, string name = "試験 患者")
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var patient = FacilityPatient.Register(facilityId, localPatientId, name, "シケン カンジャ", Sex.Female, new DateOnly(1950, 4, 1), "seed", portal.Clock.GetUtcNow().UtcDateTime);
        db.FacilityPatients.Add(patient);
        await db.SaveChangesAsync();
        return patient;
    }

    public static async Task AppendAsync(this PortalFactory portal, Actor actor, AccessRecord record)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccessLogWriter>().AppendAsync(actor, record);
    }

    public static Task<List<AccessLogEntry>> AccessLogRowsAsync(this PortalFactory portal, Expression<Func<AccessLogEntry, bool>> match) =>
        portal.WithServiceAsync<List<AccessLogEntry>, MioKarteDbContext>(db => db.AccessLog.AsNoTracking().Where(match).OrderBy(e => e.Sequence).ToListAsync());

    public static Task<ChainVerification> VerifyAsync(this PortalFactory portal) =>
        portal.WithServiceAsync<ChainVerification, AccessLogVerifier>(v => v.VerifyAsync());

    /// <summary>Raw SQL on the portal's database, as someone with direct access would run it.</summary>
    public static Task<int> SqlAsync(this PortalFactory portal, string sql) =>
        portal.WithServiceAsync<int, MioKarteDbContext>(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>Someone with rights over the schema drops the append-only triggers first.</summary>
    public static async Task DropAppendOnlyTriggersAsync(this PortalFactory portal)
    {
        if (TestDatabase.IsPostgreSql)
        {
            await portal.SqlAsync("DROP TRIGGER \"AccessLog_RefuseChange\" ON \"AccessLog\";");
            return;
        }

        await portal.SqlAsync("DROP TRIGGER \"AccessLog_RefuseUpdate\";");
        await portal.SqlAsync("DROP TRIGGER \"AccessLog_RefuseDelete\";");
    }
}
