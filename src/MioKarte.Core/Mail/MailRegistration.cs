using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MioKarte.Core.Mail;

public static class MailRegistration
{
    /// <summary>The outbox sender and the configured transport (pickup folder under <paramref name="dataFolder"/>, or SMTP).</summary>
    public static IServiceCollection AddMailOutbox(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        var transport = configuration.GetSection(MailOptions.SectionName).GetValue<MailTransportKind?>(nameof(MailOptions.Transport))
                        ?? MailTransportKind.Pickup;
        if (transport == MailTransportKind.Smtp)
        {
            services.AddSingleton<IMailTransport, SmtpTransport>();
        }
        else
        {
            services.AddSingleton<IMailTransport>(sp => new PickupFolderTransport(
                Path.Combine(dataFolder, sp.GetRequiredService<IOptions<MailOptions>>().Value.PickupFolder)));
        }

        services.AddMetrics();
        services.TryAddSingleton<Hosting.PortalMetrics>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }
}
