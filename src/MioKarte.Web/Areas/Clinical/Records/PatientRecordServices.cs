using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MioKarte.Web.Areas.Clinical.Records;

public static class PatientRecordServices
{
    /// <summary>
    /// The record screen's services: the source (data center), the loads in flight, the short-lived
    /// record cache, the thumbnail cache, and the options (<c>Records:ProgressAfter</c>).
    /// </summary>
    public static IServiceCollection AddPatientRecords(this IServiceCollection services)
    {
        services.TryAddScoped<ISharedRecordSource, DataCenterRecordSource>();
        services.AddSingleton<SharedRecordCache>();
        services.AddSingleton<SharedRecordLoads>();
        services.AddOptions<RecordOptions>().BindConfiguration(RecordOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ThumbnailCache>();
        services.AddSingleton<RecordPathWarmUpService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordPathWarmUpService>());
        services.AddHealthChecks().AddCheck<RecordPathWarmUpService>("record path warmed up", tags: ["ready"]);
        return services;
    }
}
