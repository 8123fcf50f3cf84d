using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Records;

public static class PatientRecordServices
{
    /// <summary>
    /// The record pipeline: the source — the data center through the gateway when
    /// <paramref name="withDataCenter"/>, else the stand-in that answers データセンター未接続 — the loads
    /// in flight, the short-lived record cache, the loading handler, the options (<c>Records:*</c>)
    /// and the warm-up that /health/ready waits for.
    /// </summary>
    public static IServiceCollection AddPatientRecords(this IServiceCollection services, bool withDataCenter)
    {
        if (withDataCenter)
        {
            services.TryAddScoped<ISharedRecordSource, DataCenterRecordSource>();
        }
        else
        {
            services.TryAddSingleton<ISharedRecordSource, StandInRecordSource>();
        }

        services.AddSingleton<SharedRecordCache>();
        services.AddSingleton<SharedRecordLoads>();
        services.AddOptions<RecordOptions>().BindConfiguration(RecordOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<LoadPatientRecordHandler>();
        services.AddSingleton<RecordPathWarmUpService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordPathWarmUpService>());
        services.AddHealthChecks().AddCheck<RecordPathWarmUpService>("record path warmed up", tags: [HealthTags.Ready, HealthTags.WarmingUp]);
        return services;
    }
}
