using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MioKarte.Core.Pki;

public static class NetworkCaRegistration
{
    /// <summary>
    /// The network CA: options (section <c>NetworkCa</c>) validated at start-up, the CA's key loaded
    /// — or generated into <c>{dataFolder}/network-ca/</c> — when the portal starts, and the scoped
    /// <see cref="NetworkCertificateAuthority"/>, which is also the <see cref="ITerminalCertificateIssuer"/>.
    /// Needs Data Protection (for a generated CA's password) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddNetworkCertificateAuthority(this IServiceCollection services, string dataFolder)
    {
        services.AddOptions<NetworkCaOptions>().BindConfiguration(NetworkCaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetworkCaOptions>, NetworkCaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => NetworkCaKeys.Load(
            sp.GetRequiredService<IOptions<NetworkCaOptions>>().Value,
            dataFolder,
            sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<NetworkCertificateAuthority>();
        services.AddScoped<ITerminalCertificateIssuer>(sp => sp.GetRequiredService<NetworkCertificateAuthority>());
        services.AddHostedService<NetworkCaStartup>();
        return services;
    }
}

/// <summary>
/// Loads (or, the first time, generates) the CA key when the portal starts, so that a missing key,
/// a wrong password or lost data-protection keys stop the start with a clear message instead of
/// failing the first issue.
/// </summary>
internal sealed partial class NetworkCaStartup(NetworkCaKeys keys, TimeProvider time, ILogger<NetworkCaStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogLoaded(logger, keys.Certificate.Subject, keys.Thumbprint, keys.NotAfterUtc, keys.Generated);
        if (keys.NotAfterUtc < time.GetUtcNow().UtcDateTime.Add(NetworkCaOptions.MaxCertificateLifetime))
        {
            LogEndsSoon(logger, keys.NotAfterUtc);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Network CA {Subject} (SHA-256 {Thumbprint}) valid until {NotAfter:yyyy-MM-dd}; generated: {Generated}")]
    private static partial void LogLoaded(ILogger logger, string subject, string thumbprint, DateTime notAfter, bool generated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The network CA ends on {NotAfter:yyyy-MM-dd}: terminal certificates are cut short to that date. Renew the CA (docs/network-ca.md)")]
    private static partial void LogEndsSoon(ILogger logger, DateTime notAfter);
}
