namespace MioKarte.Web.Infrastructure;

/// <summary>Says once at start-up that no data center is configured, so an operator notices before a user does.</summary>
public sealed partial class NoDataCenterWarning(ILogger<NoDataCenterWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogMissing(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No data center is configured (DataCenterGateway:BaseAddress): clinical data cannot be read")]
    private static partial void LogMissing(ILogger logger);
}
