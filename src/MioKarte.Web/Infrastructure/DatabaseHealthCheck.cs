using Microsoft.Extensions.Diagnostics.HealthChecks;
using MioKarte.Core.Data;

namespace MioKarte.Web.Infrastructure;

/// <summary>Ready means the database answers; the message never carries the connection string.</summary>
public sealed class DatabaseHealthCheck(MioKarteDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
#pragma warning disable CA1031 // Any failure to reach the database means "not ready"; the detail goes to the log only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
