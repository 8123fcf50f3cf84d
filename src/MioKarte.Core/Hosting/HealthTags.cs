namespace MioKarte.Core.Hosting;

/// <summary>The tags of the portal's health checks, read by <c>/health/ready</c>.</summary>
public static class HealthTags
{
    /// <summary>Checks that <c>/health/ready</c> runs.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// A start-up warm-up: while it reports anything but Healthy the node is not ready yet (503),
    /// although its Degraded is a normal state of a starting node, not an error.
    /// </summary>
    public const string WarmingUp = "warming-up";
}
