using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `over-tls [rounds]`: the wall-clock run against the real data center (HeavyPatientOverTls).
if (args is ["over-tls", ..])
{
    await MioKarte.Benchmarks.HeavyPatientOverTls.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7);
    return;
}

// `portal-pages [cold rounds] [wrk seconds]`: the record page through the real portal (PortalPagesRun; scripts/benchmark-pages.sh).
if (args is ["portal-pages", ..])
{
    await MioKarte.Benchmarks.PortalPagesRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20);
    return;
}

// In-process short job: the generated out-of-process project would inherit the repository's
// warnings-as-errors build settings, and a short run is what fits on a shared 2-core machine.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

/// <summary>Entry point type, named for the switcher.</summary>
internal sealed partial class Program;
